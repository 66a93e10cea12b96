import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { takeTokenFromLink } from '../pages/auth/tokenFromLink';
import { QrCode } from './QrCode';

describe('QrCode', () => {
  it('draws the code as SVG elements, never an image URL', () => {
    const { container } = render(<QrCode text="otpauth://totp/Rampart:ada@example.com?secret=JBSWY3DPEHPK3PXP" label="QR" />);
    const svg = container.querySelector('svg');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-label')).toBe('QR');
    expect(container.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(container.querySelector('img, image')).toBeNull();
  });
});

describe('mailed links', () => {
  it('take the token from the fragment once and remove it from the address', () => {
    window.history.replaceState(null, '', '/verify-email#token=abc_DEF-123');
    expect(takeTokenFromLink()).toBe('abc_DEF-123');
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/verify-email');
    expect(takeTokenFromLink()).toBe('');
  });
});
