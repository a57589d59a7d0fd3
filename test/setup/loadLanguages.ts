// Both catalogues, for tests that run commands or translators in French in-process. The binary loads only
// the language it speaks (src/i18n/translate.ts, loadLanguage); the end-to-end tests cover that path.
import { loadLanguage } from '../../src/i18n/translate.js';

await loadLanguage('fr');
