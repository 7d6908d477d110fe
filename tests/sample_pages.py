"""Pages of the repository's sample site that the quality and browser tests visit."""

GUIDE = "guides/mlops-engineer-interview-questions/"
BANK = "questions/llmops-interview-questions/"
QUESTION = "questions/llmops-interview-questions/what-is-rag/"
