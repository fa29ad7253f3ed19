export { normalizeText, tokenize, analyzeText, type AnalyzeOptions } from "./normalizeText.ts";
export { stemWord } from "./stemWord.ts";
export { getStopWords, supportedLanguages, type Language } from "./stopWords.ts";
export { trainIntentClassifier, type IntentDefinition, type TrainIntentClassifierInput } from "./trainIntentClassifier.ts";
export { classifyIntent, type IntentClassification, type RankedIntent } from "./classifyIntent.ts";
export type { IntentModel } from "./intentModel.ts";
export { reciprocalRankFusion, cosineSimilarity, rankPassages, type Passage, type RankPassagesOptions } from "./retrieval.ts";
export { backgroundCosine, calibrateCosine, PRIOR_BACKGROUND_COSINE } from "./calibrateCosine.ts";
export { evaluateIntents, type IntentEvalSet, type IntentEvalMetrics } from "./evaluateIntents.ts";
