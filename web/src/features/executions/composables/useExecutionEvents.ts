import { freshAccessToken } from '../../../api/client';
import { statusEventsUrl } from '../../../api/executions.api';
import { useEventSource } from '../../../app/composables/useEventSource';
import { useExecutionsStore } from '../executions.store';
import { executionEventSchema, parsed } from '../stream-events';

/** Every execution's status changes (`/api/events`), folded into the executions store. */
export function useExecutionEvents() {
  const store = useExecutionsStore();
  return useEventSource({
    url: async () => statusEventsUrl(await freshAccessToken()),
    on: {
      execution: (data) => {
        const event = parsed(executionEventSchema, 'execution', data);
        if (event) void store.applyStatus(event);
      },
    },
  });
}
