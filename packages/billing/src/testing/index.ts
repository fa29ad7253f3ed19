export { startFakeStripe } from "./startFakeStripe";
export type { FakeStripe, FakeStripeRequest, FakeSubscription } from "./startFakeStripe";
