import { css } from 'lit';

export const spinnerStyles = css`
  :host {
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    flex: none;
  }

  [part='base'] {
    box-sizing: border-box;
    inline-size: 100%;
    block-size: 100%;
    border: 0.15em solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @media (prefers-reduced-motion: reduce) {
    [part='base'] {
      animation-duration: 2.4s;
    }
  }

  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
`;
