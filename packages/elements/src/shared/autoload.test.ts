import { expect } from '@open-wc/testing';
import { autoload } from './autoload.ts';

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('autoload', () => {
  const added: Element[] = [];
  const add = (tag: string, parent: Element = document.body) => {
    const element = document.createElement(tag);
    parent.append(element);
    added.push(element);
    return element;
  };
  afterEach(() => added.splice(0).forEach((element) => element.remove()));

  /** An autoload group for `tags` whose code loads at once, counting how often it was asked to. */
  const counted = (tags: string[]) => {
    let calls = 0;
    const group = autoload(tags, async () => {
      calls += 1;
    });
    return {
      group,
      get calls() {
        return calls;
      },
    };
  };

  it('loads nothing until one of the tags appears, then loads once', async () => {
    const loader = counted(['x-autoload-a', 'x-autoload-b']);
    add('div');
    await nextFrame();
    expect(loader.calls).to.equal(0);

    // Nested in something the page adds, as a framework would render it.
    const wrapper = document.createElement('section');
    wrapper.append(document.createElement('x-autoload-b'));
    document.body.append(wrapper);
    added.push(wrapper);
    await nextFrame();
    expect(loader.calls).to.equal(1);

    add('x-autoload-a');
    await nextFrame();
    expect(loader.calls).to.equal(1);
  });

  it('loads at once when a tag is on the page already', async () => {
    add('x-autoload-c');
    const loader = counted(['x-autoload-c']);
    await nextFrame();
    expect(loader.calls).to.equal(1);
  });

  it('loads nothing for a tag that is defined already when it appears (a step another element loaded itself)', async () => {
    customElements.define('x-autoload-defined', class extends HTMLElement {});
    const loader = counted(['x-autoload-defined', 'x-autoload-other']);
    add('x-autoload-defined');
    await nextFrame();
    expect(loader.calls).to.equal(0);

    add('x-autoload-other');
    await nextFrame();
    expect(loader.calls).to.equal(1);
  });

  it('after a failed download, tries again for the next tag that appears, not in a loop for the ones on the page', async () => {
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      let calls = 0;
      add('x-autoload-d');
      autoload(['x-autoload-d'], async () => {
        calls += 1;
        if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
      });
      await nextFrame();
      await nextFrame();
      expect(calls).to.equal(1);
      expect(errors).to.have.length(1);

      add('x-autoload-d');
      await nextFrame();
      expect(calls).to.equal(2);
      add('x-autoload-d');
      await nextFrame();
      expect(calls).to.equal(2);
    } finally {
      console.error = originalError;
    }
  });

  it('load() loads on request, for tags rendered where the document cannot see them (shadow roots)', async () => {
    const loader = counted(['x-autoload-e']);
    const host = add('div');
    host.attachShadow({ mode: 'open' }).append(document.createElement('x-autoload-e'));
    await nextFrame();
    expect(loader.calls).to.equal(0);
    await loader.group.load();
    await loader.group.load();
    expect(loader.calls).to.equal(1);
  });
});
