import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { onUnauthorized } from './api/client';
import App from './App.vue';
import './app/styles.css';
import { forgetSession } from './app/session';
import { router } from './router';

const app = createApp(App).use(createPinia()).use(router);

// The session is over (refreshing failed too): sign in again, then come back here.
onUnauthorized(() => {
  forgetSession();
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath } });
});

app.mount('#app');
