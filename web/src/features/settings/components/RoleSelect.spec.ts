import { cleanup, fireEvent, render, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import RoleSelect from './RoleSelect.vue';

describe('RoleSelect', () => {
  afterEach(() => cleanup());

  it('should show the role it is given and emit the one picked', async () => {
    const { emitted } = render(RoleSelect, {
      props: { modelValue: 'viewer' },
      attrs: { 'aria-label': 'Role' },
    });
    const select = screen.getByLabelText<HTMLSelectElement>('Role');
    expect(select.value).toBe('viewer');

    await fireEvent.update(select, 'admin');
    expect(emitted('update:modelValue')).toEqual([['admin']]);
  });
});
