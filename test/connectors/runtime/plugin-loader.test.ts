import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { loadPlugins } from '../../../connectors/runtime/plugin-loader.js';
import { BUILTIN_PLUGINS } from '../../../connectors/plugins/index.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const GOOD_CONNECTOR = `
export class CountingTask {
  initialize(ctx) { this.ctx = ctx; }
  version() { return '1.2.3'; }
  start(props) { this.n = 0; }
  async poll() { return null; }
  stop() {}
}
export class CountingSourceConnector {
  initialize(ctx) {}
  version() { return '1.2.3'; }
  start(props) { this.props = props; }
  taskClass() { return CountingTask; }
  taskConfigs(max) { return [{}]; }
  stop() {}
  config() { return []; }
}
export const notAClass = 42;
`;

const UPPERCASE_TRANSFORM = `
export default class Upper {
  configure(props) {}
  apply(record) { return { ...record, value: String(record.value).toUpperCase() }; }
  config() { return []; }
}
`;

describe('connectors/runtime plugin loading (built-ins + plugin.path)', () => {
  it('registers the built-in connectors under their full names and aliases', async () => {
    const registry = await loadPlugins({ ...BUILTIN_PLUGINS }, []);
    expect(registry.connector('org.apache.kafka.connect.file.FileStreamSourceConnector').type).to.equal('source');
    expect(registry.connector('FileStreamSink').className).to.equal('org.apache.kafka.connect.file.FileStreamSinkConnector');
  });

  it('loads every module of a plugin.path directory, and package directories in it', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'counting.mjs'), GOOD_CONNECTOR);
    fs.mkdirSync(path.join(dir, 'upper-pkg'));
    fs.writeFileSync(path.join(dir, 'upper-pkg', 'package.json'), JSON.stringify({ name: 'upper-pkg', type: 'module', exports: { '.': { import: './main.js' } } }));
    fs.writeFileSync(path.join(dir, 'upper-pkg', 'main.js'), UPPERCASE_TRANSFORM);
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a module');
    const registry = await loadPlugins({}, [dir]);
    const connector = registry.connector('CountingSourceConnector');
    expect(connector).to.include({ type: 'source', version: '1.2.3' });
    expect(registry.connector('CountingSource')).to.equal(connector);
    expect(registry.find('Upper')?.type).to.equal('transformation');
    expect(registry.list().map((p) => p.className)).to.deep.equal(['CountingSourceConnector', 'Upper']);
  });

  it('a module file can be given directly', async () => {
    const file = path.join(tmpDir(), 'one.mjs');
    fs.writeFileSync(file, GOOD_CONNECTOR);
    expect((await loadPlugins({}, [file])).connector('CountingSourceConnector').origin).to.equal(file);
  });

  it('a connector missing a method fails naming the module, the class and the method', async () => {
    const file = path.join(tmpDir(), 'broken.mjs');
    fs.writeFileSync(file, 'export class Broken { version() { return "1"; } start() {} taskClass() {} taskConfigs() { return []; } config() { return []; } }');
    try {
      await loadPlugins({}, [file]);
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as Error).message).to.equal(`plugin ${file}: class 'Broken' looks like a connector but has no stop() method`);
    }
  });

  it('a task class without poll() or put() fails naming the connector', async () => {
    const file = path.join(tmpDir(), 'taskless.mjs');
    fs.writeFileSync(file, 'class T { version() {} start() {} stop() {} }\nexport class C { version() { return "1"; } start() {} taskClass() { return T; } taskConfigs() { return []; } stop() {} config() { return []; } }');
    await loadPlugins({}, [file]).then(() => expect.fail('should have thrown'), (err: Error) => {
      expect(err.message).to.match(/taskless.mjs: task class of C has neither poll\(\) \(source task\) nor put\(\) \(sink task\)/);
    });
  });

  it('a module with no plugin class, an unloadable module and a missing entry fail clearly', async () => {
    const dir = tmpDir();
    const empty = path.join(dir, 'empty.mjs');
    fs.writeFileSync(empty, 'export const x = 1;');
    await loadPlugins({}, [empty]).then(() => expect.fail('should have thrown'), (err: Error) => {
      expect(err.message).to.equal(`plugin.path: module ${empty} exports no connector, transformation, predicate, converter or header converter class`);
    });
    const syntax = path.join(tmpDir(), 'syntax.mjs');
    fs.writeFileSync(syntax, 'export class {');
    await loadPlugins({}, [syntax]).then(() => expect.fail('should have thrown'), (err: Error) => {
      expect(err.message).to.match(/plugin.path: cannot load module .*syntax.mjs/);
    });
    await loadPlugins({}, ['/does/not/exist']).then(() => expect.fail('should have thrown'), (err: Error) => {
      expect(err.message).to.match(/plugin.path entry '\/does\/not\/exist' does not exist/);
    });
    await loadPlugins({}, ['no-such-npm-plugin-package']).then(() => expect.fail('should have thrown'), (err: Error) => {
      expect(err.message).to.match(/'no-such-npm-plugin-package' is neither a directory, a module file nor an installed npm package/);
    });
  });

  it('an npm package name is resolved from the working directory', async () => {
    const cwd = tmpDir();
    const pkg = path.join(cwd, 'node_modules', 'fjord-test-plugin');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'fjord-test-plugin', type: 'module', main: 'index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), GOOD_CONNECTOR);
    expect((await loadPlugins({}, ['fjord-test-plugin'], cwd)).connector('CountingSource').type).to.equal('source');
  });

  it('an unknown connector name lists the available connectors', async () => {
    const registry = await loadPlugins({ ...BUILTIN_PLUGINS }, []);
    expect(() => registry.connector('Nope')).to.throw(/Failed to find any class that implements Connector and which name matches Nope, available connectors are: .*FileStreamSinkConnector/);
  });
});
