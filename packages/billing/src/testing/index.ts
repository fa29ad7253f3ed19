export { startFakeStripe } from "./startFakeStripe";
export type { FakeStripe, FakeStripeRequest } from "./startFakeStripe";
