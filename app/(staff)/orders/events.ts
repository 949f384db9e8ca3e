/** The live events that change what an order screen shows. */
export const orderEvents = ["order.created", "order.paid", "order.fulfilled", "order.cancelled", "order.refunded"] as const;
