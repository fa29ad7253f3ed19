export { createRuntime, MAX_MESSAGE_LENGTH } from "./createRuntime";
export type { Runtime, RuntimeOptions, TurnResult } from "./createRuntime";
export { RuntimeError } from "./errors";
export type { RuntimeErrorCode } from "./errors";
export { createInProcessPublisher } from "./createInProcessPublisher";
export type { ConversationPublisher, ConversationStatus, MessageRole, OutboundEvent, StoredMessage } from "./outbound";
export { createGuardedHttpClient, isPrivateAddress, HttpNodeError } from "./services/createGuardedHttpClient";
export { listMessagesAfter } from "./queries/messages";
