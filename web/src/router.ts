import { createRouter, createWebHistory } from 'vue-router';
import NotFoundView from './app/views/NotFoundView.vue';
import { authGuard } from './features/auth/auth.guard';

export const router = createRouter({
  // The API answers every unknown GET outside /api, /hooks, … with index.html, so deep links work.
  history: createWebHistory(),
  routes: [
    {
      path: '/login',
      name: 'login',
      meta: { public: true },
      component: () => import('./features/auth/views/LoginView.vue'),
    },
    {
      path: '/',
      name: 'dashboard',
      component: () => import('./features/dashboard/views/DashboardView.vue'),
    },
    { path: '/bots', name: 'bots', component: () => import('./features/bots/views/BotsView.vue') },
    {
      path: '/bots/new',
      name: 'bot-new',
      meta: { minRole: 'operator' },
      component: () => import('./features/bots/views/BotEditView.vue'),
    },
    {
      path: '/bots/:id',
      name: 'bot',
      props: true,
      component: () => import('./features/bots/views/BotDetailView.vue'),
    },
    {
      path: '/bots/:id/edit',
      name: 'bot-edit',
      props: true,
      meta: { minRole: 'operator' },
      component: () => import('./features/bots/views/BotEditView.vue'),
    },
    {
      path: '/executions',
      name: 'executions',
      component: () => import('./features/executions/views/ExecutionsView.vue'),
    },
    {
      path: '/executions/:id',
      name: 'execution',
      props: true,
      component: () => import('./features/executions/views/ExecutionDetailView.vue'),
    },
    {
      path: '/deliveries',
      name: 'deliveries',
      meta: { minRole: 'operator' },
      component: () => import('./features/deliveries/views/DeliveriesView.vue'),
    },
    {
      path: '/deliveries/:id',
      name: 'delivery',
      props: true,
      meta: { minRole: 'operator' },
      component: () => import('./features/deliveries/views/DeliveryDetailView.vue'),
    },
    {
      path: '/settings/users',
      name: 'users',
      meta: { minRole: 'admin' },
      component: () => import('./features/settings/views/UsersView.vue'),
    },
    {
      path: '/settings/api-keys',
      name: 'api-keys',
      meta: { minRole: 'admin' },
      component: () => import('./features/settings/views/ApiKeysView.vue'),
    },
    {
      path: '/settings/audit',
      name: 'audit',
      meta: { minRole: 'admin' },
      component: () => import('./features/settings/views/AuditView.vue'),
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView },
  ],
});

router.beforeEach(authGuard);
