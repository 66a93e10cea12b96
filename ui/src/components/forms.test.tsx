import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError, fromProblem, messageOf } from '../api/problem';
import { ErrorMessage, Field } from './forms';
import { SanitisedHtml } from './SanitisedHtml';
import { safeNext } from '../pages/auth/SignIn';

describe('problem documents', () => {
  it('reads the code from the problem type and the field errors', () => {
    const error = fromProblem(400, { type: 'urn:rampart:problem:invalid-input', detail: 'the request is not valid', errors: [{ field: 'title', message: 'must not be blank' }] });
    expect(error.code).toBe('invalid-input');
    expect(error.fields.title).toBe('must not be blank');
    expect(messageOf(error)).toBe('the request is not valid (title: must not be blank)');
  });

  it('recognises a step-up request', () => {
    expect(fromProblem(403, { type: 'urn:rampart:problem:step-up-required', detail: 'prove it' }).needsStepUp).toBe(true);
    expect(new ApiError(403, 'forbidden', 'no').needsStepUp).toBe(false);
  });
});

describe('Field', () => {
  it('ties its label and the server error to the input', () => {
    render(<Field label="Title" name="title" error="must not be blank" />);
    const input = screen.getByLabelText('Title');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('must not be blank').id).toBe(input.getAttribute('aria-describedby'));
    fireEvent.change(input, { target: { value: 'x' } });
    expect((input as HTMLInputElement).value).toBe('x');
  });

  it('announces errors as alerts', () => {
    render(<ErrorMessage error={new ApiError(409, 'conflict', 'the task changed')} />);
    expect(screen.getByRole('alert').textContent).toBe('the task changed');
  });
});

describe('sign-in redirect', () => {
  it('goes only to a path of this site', () => {
    expect(safeNext('/projects/1')).toBe('/projects/1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('SanitisedHtml', () => {
  it('shows the server-sanitised HTML as markup', () => {
    const { container } = render(<SanitisedHtml html="<p><strong>bold</strong></p>" />);
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });
});
