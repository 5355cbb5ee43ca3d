import { describe, expect, it } from 'vitest';
import { ComposeSyntaxError, parseComposeFile } from './index.ts';

const envOf = (text: string, file = 'docker-compose.yml') =>
  parseComposeFile(file, text).env.map((e) => [e.service, e.source, e.name, e.raw, `${e.at.line}:${e.at.column}`]);

const incident = `services:
  backend:
    image: app/backend:0.1.3
    env_file:
      - envs/.env
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
      SECRET_KEY: \${SECRET_KEY:-dev-secret-change-in-production}
      JWT_SECRET_KEY: "hard-coded-jwt-secret"
      DEBUG:
  worker:
    build:
      context: .
      args:
        - PIP_TOKEN=\${PIP_TOKEN}
        - BUILD_ONLY
    environment:
      - SECRET_KEY=\${SECRET_KEY:-dev-secret-change-in-production}
      - "QUOTED=value"
      - PASS_THROUGH
`;

describe('parseComposeFile', () => {
  it('reads map and list forms of environment and build.args at the value position', () => {
    expect(envOf(incident)).toEqual([
      ['backend', 'environment', 'DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db/app', '7:21'],
      ['backend', 'environment', 'SECRET_KEY', '${SECRET_KEY:-dev-secret-change-in-production}', '8:19'],
      ['backend', 'environment', 'JWT_SECRET_KEY', 'hard-coded-jwt-secret', '9:23'],
      ['backend', 'environment', 'DEBUG', undefined, '10:7'],
      ['worker', 'build.args', 'PIP_TOKEN', '${PIP_TOKEN}', '15:21'],
      ['worker', 'build.args', 'BUILD_ONLY', undefined, '16:11'],
      ['worker', 'environment', 'SECRET_KEY', '${SECRET_KEY:-dev-secret-change-in-production}', '18:20'],
      ['worker', 'environment', 'QUOTED', 'value', '19:17'],
      ['worker', 'environment', 'PASS_THROUGH', undefined, '20:9'],
    ]);
  });

  it('places interpolations at their "$", in map and list forms', () => {
    const model = parseComposeFile('docker-compose.yml', incident);
    const positions = model.env.flatMap((e) => e.interpolations.map((i) => [e.name, i.variable, i.operator, i.default, `${i.at.line}:${i.at.column}`]));
    expect(positions).toEqual([
      ['DATABASE_URL', 'DB_PASSWORD', null, undefined, '7:36'],
      ['SECRET_KEY', 'SECRET_KEY', ':-', 'dev-secret-change-in-production', '8:19'],
      ['PIP_TOKEN', 'PIP_TOKEN', null, undefined, '15:21'],
      ['SECRET_KEY', 'SECRET_KEY', ':-', 'dev-secret-change-in-production', '18:20'],
    ]);
  });

  it('lists services, env_file entries (short and long form) and images', () => {
    const model = parseComposeFile(
      'c.yml',
      `services:
  a:
    image: "registry.example.com/a:1"
    env_file: common.env
  b:
    env_file:
      - b.env
      - path: ./optional.env
        required: false
  c:
`,
    );
    expect(model.services).toEqual(['a', 'b', 'c']);
    expect(model.images).toEqual([{ service: 'a', image: 'registry.example.com/a:1', at: { file: 'c.yml', line: 3, column: 12 } }]);
    expect(model.envFiles.map((e) => [e.service, e.path, e.required, `${e.at.line}:${e.at.column}`])).toEqual([
      ['a', 'common.env', true, '4:15'],
      ['b', 'b.env', true, '7:9'],
      ['b', './optional.env', false, '8:15'],
    ]);
  });

  it('reads every document of a multi-document file, with lines counted across them', () => {
    const text = `services:\n  a:\n    environment:\n      X: "1"\n---\n# second\nservices:\n  a:\n    environment:\n      - Y=2\n  b: {}\n`;
    expect(envOf(text)).toEqual([
      ['a', 'environment', 'X', '1', '4:10'],
      ['a', 'environment', 'Y', '2', '10:11'],
    ]);
    expect(parseComposeFile('c.yml', text).services).toEqual(['a', 'b']);
  });

  it('gives CRLF and BOM files the same positions as LF files', () => {
    const crlf = '\uFEFF' + incident.replace(/\n/g, '\r\n');
    expect(parseComposeFile('docker-compose.yml', crlf)).toEqual(parseComposeFile('docker-compose.yml', incident));
  });

  it('resolves anchors and merge keys, keeping the position inside the anchor', () => {
    const text = `x-common-env: &common
  SECRET_KEY: \${SECRET_KEY:-changeme}
  LOG_LEVEL: info
x-base: &base
  image: app:1
  environment: *common
services:
  web:
    <<: *base
  api:
    <<: *base
    environment:
      <<: *common
      LOG_LEVEL: debug
`;
    expect(envOf(text)).toEqual([
      ['web', 'environment', 'SECRET_KEY', '${SECRET_KEY:-changeme}', '2:15'],
      ['web', 'environment', 'LOG_LEVEL', 'info', '3:14'],
      ['api', 'environment', 'LOG_LEVEL', 'debug', '14:18'],
      ['api', 'environment', 'SECRET_KEY', '${SECRET_KEY:-changeme}', '2:15'],
    ]);
    expect(parseComposeFile('c.yml', text).images.map((i) => [i.service, i.image, i.at.line])).toEqual([
      ['web', 'app:1', 5],
      ['api', 'app:1', 5],
    ]);
  });

  it('keeps numbers and booleans as written, and null as pass-through', () => {
    expect(envOf('services:\n  a:\n    environment:\n      PORT: 8080\n      RATIO: 1.50\n      DEBUG: true\n      EMPTY: ""\n      NONE: null\n')).toEqual([
      ['a', 'environment', 'PORT', '8080', '4:13'],
      ['a', 'environment', 'RATIO', '1.50', '5:14'],
      ['a', 'environment', 'DEBUG', 'true', '6:14'],
      ['a', 'environment', 'EMPTY', '', '7:14'],
      ['a', 'environment', 'NONE', undefined, '8:7'],
    ]);
  });

  it('places values of block and escaped scalars on the line where they are written', () => {
    const text = 'services:\n  a:\n    environment:\n      CERT: |\n        line one ${X}\n      ESC: "tab\\there ${Y}"\n';
    const model = parseComposeFile('c.yml', text);
    expect(model.env.map((e) => [e.name, e.raw, e.interpolations.map((i) => `${i.variable}@${i.at.line}:${i.at.column}`)])).toEqual([
      ['CERT', 'line one ${X}\n', ['X@5:18']],
      ['ESC', 'tab\there ${Y}', ['Y@6:23']],
    ]);
  });

  it.each([
    ['services:\n  a:\n    environment:\n      A: 1\n      A: 2\n', 5, 'not valid YAML'],
    ['services:\n  a:\n    environment: [\n', 4, 'not valid YAML'],
    ['services:\n  a:\n    environment:\n      - A=${B\n', 4, 'invalid interpolation'],
    ['- just\n- a list\n', 1, 'top level must be a mapping'],
    ['services:\n  a:\n    environment:\n      A: [1, 2]\n', 4, 'must be a string'],
    ['services:\n  a:\n    environment: *nowhere\n', 3, 'alias'],
    ['services:\n  a: 3\n', 2, 'must be a mapping'],
  ])('refuses %j with the file and line', (text, line, why) => {
    let error: unknown;
    try {
      parseComposeFile('docker-compose.yml', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComposeSyntaxError);
    expect(error).toMatchObject({ file: 'docker-compose.yml', line });
    expect((error as Error).message).toContain(why);
  });

  it('refuses structures nested deeper than any compose file with a ComposeSyntaxError', () => {
    const deep = 'services:\n  a:\n    environment: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n';
    expect(() => parseComposeFile('c.yml', deep)).toThrow(ComposeSyntaxError);
  });

  it('never quotes the source line in a YAML error (it may hold a secret)', () => {
    const text = 'services:\n  a:\n    environment:\n      SECRET_KEY: "s3cr3t-value\n';
    expect(() => parseComposeFile('c.yml', text)).toThrow(ComposeSyntaxError);
    try {
      parseComposeFile('c.yml', text);
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cr3t');
    }
  });

  it('lists every interpolation of the file, outside environment too, once where it is written', () => {
    const text = 'x-img: &img "\${REGISTRY:?set it}/app:\${TAG-latest}"\nservices:\n  a:\n    image: *img\n    ports: ["\${PORT}:80"]\n    environment:\n      \${NOT_A_KEY}: $$literal\n      B: \${SECRET_KEY}\n';
    expect(parseComposeFile('c.yml', text).interpolations.map((i) => [i.variable, i.operator, i.default, `${i.at.line}:${i.at.column}`])).toEqual([
      ['REGISTRY', ':?', 'set it', '1:14'],
      ['TAG', '-', 'latest', '1:38'],
      ['PORT', null, undefined, '5:14'],
      ['SECRET_KEY', null, undefined, '8:10'],
    ]);
  });

  it('reads an empty file and a file without services', () => {
    expect(parseComposeFile('c.yml', '')).toEqual({ file: 'c.yml', services: [], env: [], envFiles: [], images: [], interpolations: [] });
    expect(parseComposeFile('c.yml', 'volumes:\n  data: {}\n').services).toEqual([]);
  });
});
