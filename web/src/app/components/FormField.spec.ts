import { cleanup, render, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import FormField from './FormField.vue';

describe('FormField', () => {
  afterEach(() => cleanup());

  it('should name its control and show the problem prefixed with the error label', () => {
    render(FormField, {
      props: {
        label: 'Timeout (seconds)',
        inputId: 't',
        error: 'is too long',
        errorLabel: 'Timeout',
        errorTestid: 'e',
      },
      slots: { default: '<input id="t" />' },
    });

    expect(screen.getByLabelText('Timeout (seconds)').id).toBe('t');
    expect(screen.getByTestId('e').textContent).toBe('Timeout is too long');
  });

  it('should show nothing under the control while there is no problem', () => {
    render(FormField, { props: { label: 'Name' }, slots: { default: '<input />' } });

    expect(document.querySelector('.error')).toBeNull();
  });
});
