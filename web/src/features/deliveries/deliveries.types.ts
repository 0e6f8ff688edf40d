import type { Schemas } from '../../api/api.types';

export type DeliveryPage = Schemas['DeliveryPageDto'];
export type DeliverySummary = DeliveryPage['items'][number];
/** with every execution of this delivery, replays included, oldest first */
export type DeliveryDetail = Schemas['DeliveryDetailDto'];
