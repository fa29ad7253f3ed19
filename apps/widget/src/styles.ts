/**
 * Everything lives in a shadow root; the page's selectors cannot reach in.
 * Only inherited properties cross the boundary through the host, so the host
 * is reset (inner `!important` beats the page's, even `* { ... !important }`)
 * and the root sets every inherited property the widget relies on.
 */
export const css = (primary: string, side: "left" | "right") => `
:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;bottom:0!important;${side}:0!important;width:0!important;height:0!important;visibility:visible!important;opacity:1!important;transform:none!important}
.cw,.cw *{box-sizing:border-box;margin:0;padding:0;border:0;font:inherit;color:inherit;background:none;text-align:left;letter-spacing:normal;text-transform:none;text-shadow:none;line-height:inherit}
.cw{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;--p:${primary}}
.cw [hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{cursor:pointer}
button:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.launcher{position:fixed;bottom:20px;${side}:20px;width:56px;height:56px;border-radius:50%;background:var(--p);color:#fff;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:26px;height:26px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}
.panel{position:fixed;bottom:88px;${side}:20px;width:370px;max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 108px);background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;animation:cw-in .18s ease-out}
@keyframes cw-in{from{opacity:0;transform:translateY(12px)}}
.cw header{background:var(--p);color:#fff;display:flex;align-items:center;gap:10px;padding:12px 14px}
.cw header img{width:32px;height:32px;border-radius:50%;object-fit:cover;background:#fff}
.cw header h2{flex:1;font-size:16px;font-weight:600}
.cw header button{color:#fff;font-size:13px;padding:4px 8px;border-radius:6px}
.cw header button:hover{background:rgba(255,255,255,.18)}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f9fafb}
.intro{color:#4b5563;font-size:13px;text-align:center}
.msg{max-width:85%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;word-wrap:break-word;background:#fff;border:1px solid #e5e7eb;color:#111827}
.msg.VISITOR{align-self:flex-end;background:var(--p);border-color:var(--p);color:#fff}
.msg.AGENT{border-color:#a7f3d0;background:#ecfdf5}
.msg.SYSTEM{align-self:center;background:none;border:0;color:#6b7280;font-size:12px}
.msg .who{display:block;font-size:11px;font-weight:600;color:#047857}
.src{margin-top:6px;font-size:11px;color:#6b7280}.src>*{display:block;overflow-wrap:anywhere}.src a{color:var(--p)}
.msg.sending{opacity:.6}
.msg.failed{background:#fff;border-color:#dc2626;color:#111827}
.unsent{margin-top:6px;padding-top:6px;border-top:1px solid #fecaca;text-align:right;font-size:12px;color:#4b5563}
.unsent b{color:#b91c1c}
.unsent button{margin:6px 0 0 6px}
.typing{display:flex;gap:4px;padding:6px 14px 0}
.typing i{width:7px;height:7px;border-radius:50%;background:#9ca3af;animation:cw-dot 1s infinite}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes cw-dot{50%{opacity:.3;transform:translateY(-3px)}}
.note{font-size:12px;color:#92400e;background:#fffbeb;padding:6px 14px}
.note:empty,.alert:empty{display:none}
.alert{font-size:12px;color:#991b1b;background:#fef2f2;padding:6px 14px}
.quick{display:flex;flex-wrap:wrap;gap:6px;padding:8px 14px 0}
.quick button,.end button,.unsent button{border:1px solid var(--p);color:var(--p);background:#fff;border-radius:16px;padding:5px 12px;font-size:13px}
.quick button:hover,.end button:hover,.unsent button:hover{background:var(--p);color:#fff}
.end{padding:10px 14px;display:flex;flex-wrap:wrap;align-items:center;gap:6px;border-top:1px solid #e5e7eb}
.end p{width:100%;font-size:13px}
.cw form{display:flex;gap:8px;padding:10px 14px;border-top:1px solid #e5e7eb}
.cw textarea{flex:1;resize:none;height:40px;max-height:120px;border:1px solid #d1d5db;border-radius:10px;padding:9px 10px;background:#fff;color:#111827}
.cw form button{background:var(--p);color:#fff;border-radius:10px;padding:0 14px;font-weight:600}
.cw form button:disabled{opacity:.5;cursor:default}
.brand{font-size:11px;color:#6b7280;text-align:center;padding:0 0 8px}
.brand a{color:inherit;text-decoration:underline}
@media (max-width:480px){.panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}}
@media (prefers-reduced-motion:reduce){.cw *{animation:none!important;transition:none!important}}
`;
