import { useAuthStore } from '../features/auth/auth.store';
import { useBotsStore } from '../features/bots/bots.store';
import { useDeliveriesStore } from '../features/deliveries/deliveries.store';
import { useExecutionsStore } from '../features/executions/executions.store';
import { useSettingsStore } from '../features/settings/settings.store';
import { useTriggersStore } from '../features/triggers/triggers.store';

/** Nothing one person loaded may stay on the page for whoever signs in next. */
export function forgetSession(): void {
  useAuthStore().reset();
  useBotsStore().reset();
  useTriggersStore().reset();
  useExecutionsStore().reset();
  useDeliveriesStore().reset();
  useSettingsStore().reset();
}
