export { BUILT_IN_VARIABLES, isBuiltInVariable, variableNameSchema, type BuiltInVariable, type FlowVariables } from "./variables.ts";
export { flowGraphSchema, flowNodeSchema, flowEdgeSchema, NODE_ID_PATTERN, type FlowGraph, type FlowNode, type FlowEdge } from "./graph.ts";
export { nodeTypes, NODE_TYPE_NAMES, isNodeTypeName, getNodeType, type NodeTypeName, type NodeDataByType, type TypedFlowNode } from "./nodes/registry.ts";
export type { NodeKind, NodeOutput, NodeTypeDefinition } from "./nodes/defineNodeType.ts";
export { renderTemplate, templateVariables, type RenderTemplateOptions } from "./renderTemplate.ts";
export {
  evaluateCondition,
  evaluateRule,
  CONDITION_OPERATORS,
  type ConditionRule,
  type ConditionOperator,
  type ConditionCombinator,
} from "./evaluateCondition.ts";
export { isValidAnswer, normalizeAnswer, ANSWER_VALIDATIONS, type AnswerValidation } from "./validateAnswer.ts";
export { businessHoursSchema, openingRangeSchema, isTimeZone, WEEKDAYS, type BusinessHours, type OpeningRange, type Weekday } from "./businessHours.ts";
export { isWithinBusinessHours } from "./isWithinBusinessHours.ts";
export type { FlowIssue, FlowIssueCode, ValidateFlowOptions } from "./analyzeFlow.ts";
export { validateFlow, type FlowValidation } from "./validateFlow.ts";
export { compileFlow, DEFAULT_FALLBACK_MESSAGE, type CompileFlowOptions, type CompileFlowResult } from "./compileFlow.ts";
export type { MachineConfigJSON, StateJSON, TransitionJSON, InvokeJSON, ParamsRef, JsonValue, JsonObject } from "./machineConfig.ts";
export {
  createFlowMachine,
  type FlowMachine,
  type FlowContext,
  type FlowEvent,
  type FlowEmitted,
  type FlowTurnError,
} from "./createFlowMachine.ts";
export {
  runFlowTurn,
  DEFAULT_MAX_STEPS,
  flowSnapshotSchema,
  type RunFlowTurnOptions,
  type FlowTurnResult,
  type FlowTurnStatus,
  type FlowOutput,
  type FlowSnapshot,
} from "./runFlowTurn.ts";
export type {
  FlowServices,
  ClassifyRequest,
  ClassifyResult,
  RetrieveRequest,
  RetrieveResult,
  KnowledgeHit,
  GenerateRequest,
  GenerateResult,
  HttpRequest,
  HttpResponse,
  HttpMethod,
} from "./services.ts";
export type { TokenOutput } from "./turnScope.ts";
export {
  createKeywordServices,
  AI_NOT_CONFIGURED_MESSAGE,
  type KeywordServicesOptions,
  type KeywordIntent,
  type KeywordFaq,
  type FetchLike,
} from "./createKeywordServices.ts";
export { listFlowTemplates, getFlowTemplate, flowTemplateFileSchema, type FlowTemplate } from "./templates.ts";
