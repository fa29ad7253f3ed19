export { connectTestRedis, type TestRedis } from "./connectTestRedis";
