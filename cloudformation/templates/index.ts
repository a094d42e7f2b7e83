/** The templates `npm run cfn:build` writes, by file name under cloudformation/dist/. */
import type { Template } from 'cloudform-types';
import { artifactsTemplate } from './artifacts.js';
import { mainTemplate } from './main.js';

export const TEMPLATES: Record<string, () => Template> = {
  'artifacts.yaml': artifactsTemplate,
  'main.yaml': mainTemplate,
};
