import { createRouter, createWebHistory } from 'vue-router';
import NotFoundView from './app/views/NotFoundView.vue';

export const router = createRouter({
  // The API answers every unknown GET outside /api, /hooks, … with index.html, so deep links work.
  history: createWebHistory(),
  routes: [
    {
      path: '/',
      name: 'dashboard',
      component: () => import('./features/dashboard/views/DashboardView.vue'),
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView },
  ],
});
