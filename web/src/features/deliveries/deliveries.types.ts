import type { Schemas, WithNullableStrings } from '../../api/api.types';

export type DeliveryPage = WithNullableStrings<Schemas['DeliveryPageDto'], 'nextCursor'>;
export type DeliverySummary = DeliveryPage['items'][number];
/** with every execution of this delivery, replays included, oldest first */
export type DeliveryDetail = WithNullableStrings<Schemas['DeliveryDetailDto'], 'event'>;
