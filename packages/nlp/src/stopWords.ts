// Stop words per language. Kept short on purpose: question words ("what",
// "how", "when", "where", "why", "who") and negations carry intent, so they
// are not stop words here.

const englishStopWords = [
  "a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about", "to", "from", "in", "on",
  "into", "onto", "up", "down", "out", "over", "off", "then", "so", "than", "too", "very", "just", "also",
  "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his",
  "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "this", "that", "these", "those",
  "am", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "have", "has", "had",
  "would", "should", "could", "shall", "will", "may", "might", "must", "can", "please", "thanks", "thank",
  "s", "t", "d", "ll", "m", "re", "ve", "there", "here", "some", "any", "each", "own", "same", "such",
  "as", "again", "further", "once", "let", "know", "tell", "like", "want", "need", "get", "got",
] as const;

export type Language = "en";

export const supportedLanguages: readonly Language[] = ["en"];

const stopWordsByLanguage: Record<Language, ReadonlySet<string>> = {
  en: new Set(englishStopWords),
};

/** The stop words of `language`, lowercased and accent-free. */
export function getStopWords(language: Language): ReadonlySet<string> {
  return stopWordsByLanguage[language];
}
