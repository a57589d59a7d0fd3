// What `bant demo` answers when nobody is at a terminal: the framework's own example answers (every shipped
// framework has some), else, for a framework without them, the first answer each asked question allows.

import { isShown } from './evaluateQualification.js';
import { allQuestions, type Answers, type Framework, type Question } from './framework.js';

export function exampleAnswers(framework: Framework, exampleText: string): Answers {
  if (framework.exampleAnswers) return { ...framework.exampleAnswers };
  const answers: Answers = {};
  for (const question of allQuestions(framework)) {
    if (question.required && isShown(question, answers, framework.params)) answers[question.id] = firstAnswer(question, exampleText);
  }
  return answers;
}

function firstAnswer(question: Question, exampleText: string): string | number | boolean {
  switch (question.kind) {
    case 'select':
      return question.options![0]!.value;
    case 'confirm':
      return true;
    case 'number': {
      const lowest = question.integer ? Math.ceil(question.min ?? 0) : (question.min ?? 0);
      return question.max !== undefined && lowest > question.max ? question.max : lowest;
    }
    case 'text':
      return exampleText;
  }
}
