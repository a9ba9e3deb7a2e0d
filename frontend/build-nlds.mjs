// Builds the NL Design System CSS that the platform serves, from the packages pinned in
// package-lock.json, into src/economie071/web/static/web/nlds/. Run through
// scripts/update-nlds.sh; the output is committed, so the platform needs no Node.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const target = join(here, "..", "src", "economie071", "web", "static", "web", "nlds");

// The Utrecht components the templates use (class names utrecht-<component>). Add a
// component here before using its classes in a template.
const COMPONENTS = [
  "root", "document", "body", "skip-link",
  "page", "page-header", "page-content", "page-footer", "page-body",
  "nav-bar", "nav-list", "logo", "breadcrumb-nav",
  "heading-1", "heading-2", "heading-3", "heading-4", "paragraph", "link",
  "unordered-list", "ordered-list", "blockquote", "separator", "mark",
  "button", "button-link", "button-group", "action-group",
  "form", "form-field", "form-label", "form-field-description", "form-field-error-message",
  "form-fieldset", "textbox", "textarea", "select", "checkbox", "radio-button",
  "table", "alert", "status-badge", "data-badge",
];

const pkg = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
const bundle = pkg("@utrecht/component-library-css");
const tokens = pkg("@nl-design-system-unstable/voorbeeld-design-tokens");

mkdirSync(target, { recursive: true });

// 1. The components: each package's own built CSS, in the order above.
const parts = [];
const used = [];
for (const component of COMPONENTS) {
  const name = `@utrecht/${component}-css`;
  const meta = pkg(name);
  if (bundle.dependencies[name] !== meta.version) {
    throw new Error(`${name} ${meta.version} is not the version of ${bundle.name} ${bundle.version}`);
  }
  used.push(`${name}@${meta.version}`);
  parts.push(`/* ${name}@${meta.version} */\n` + readFileSync(join(modules, name, "dist", "index.css"), "utf8"));
}
// The components go into cascade layers: the site's own rules (theme.css, custom.css)
// are unlayered and so win over them whatever their specificity, and the classed
// components win over the plain-HTML styles. @charset is not allowed inside a layer.
const layered = (layer, css) => `@layer ${layer} {\n${css.replace(/^@charset[^;]*;\s*$/gm, "")}\n}\n`;
const header = (lines) => `/*!\n${lines.map((line) => ` * ${line}`).join("\n")}\n */\n`;
writeFileSync(
  join(target, "utrecht-components.css"),
  header([
    `Built by scripts/update-nlds.sh from ${bundle.name}@${bundle.version} (licence ${bundle.license}).`,
    "Do not edit: change frontend/build-nlds.mjs and run the script again.",
    `Components: ${used.join(", ")}`,
  ]) + "@layer nlds-html, nlds-components;\n" + layered("nlds-components", parts.join("\n")),
);

// 1b. The same components for plain HTML inside an element with class utrecht-html
// (headings, paragraphs, links, lists, tables, fieldsets, buttons written without classes).
writeFileSync(
  join(target, "utrecht-html.css"),
  header([
    `Built by scripts/update-nlds.sh from ${bundle.name}@${bundle.version} dist/html.css (licence ${bundle.license}).`,
    "Do not edit.",
  ]) + "@layer nlds-html, nlds-components;\n" + layered("nlds-html", readFileSync(join(modules, "@utrecht/component-library-css", "dist", "html.css"), "utf8")),
);

// 2. The base design tokens: the NL Design System example theme ("voorbeeld"), limited
// to the token families our components read (basis-*, utrecht-*, and the palette).
const theme = readFileSync(
  join(modules, "@nl-design-system-unstable/voorbeeld-design-tokens", "dist", "theme.css"),
  "utf8",
);
const keep = /^\s*--(basis|utrecht|voorbeeld)-[a-z0-9-]+\s*:/;
const declarations = theme.split("\n").filter((line) => keep.test(line)).map((line) => line.replace(/\s*\/\*.*\*\/\s*$/, ""));
writeFileSync(
  join(target, "voorbeeld-theme.css"),
  header([
    `Built by scripts/update-nlds.sh from ${tokens.name}@${tokens.version} (licence ${tokens.license}).`,
    "Do not edit: the Economie071 theme overrides these tokens in web/theme.css.",
  ]) + `.voorbeeld-theme {\n${declarations.join("\n")}\n}\n`,
);

// 3. The licence text and a record of what was built.
copyFileSync(join(modules, "@utrecht/component-library-css", "LICENSE.md"), join(target, "LICENSE-EUPL-1.2.md"));
writeFileSync(
  join(target, "README.md"),
  [
    "# NL Design System CSS (built, do not edit)",
    "",
    "Built by `scripts/update-nlds.sh` from the npm packages pinned in `frontend/package-lock.json`.",
    "The platform serves these files as they are; running it or its tests needs no Node.",
    "",
    "| File | Package | Version | Licence |",
    "| --- | --- | --- | --- |",
    `| utrecht-components.css | ${bundle.name} (the component packages below) | ${bundle.version} | ${bundle.license} |`,
    `| utrecht-html.css | ${bundle.name} dist/html.css (plain HTML elements inside .utrecht-html) | ${bundle.version} | ${bundle.license} |`,
    `| voorbeeld-theme.css | ${tokens.name} (basis-, utrecht- and palette tokens only) | ${tokens.version} | ${tokens.license} |`,
    "",
    "Both licences are the European Union Public Licence 1.2: `LICENSE-EUPL-1.2.md`.",
    "",
    "Components:",
    "",
    ...used.map((entry) => `- ${entry}`),
    "",
  ].join("\n"),
);
console.log(`Wrote ${target}: ${used.length} components, ${declarations.length} tokens.`);
