/*
 * <faq-chat>: the faqlite chat widget. One file, no dependencies.
 *
 *   <script src="https://faq.example.com/widget/faq-chat.js" defer></script>
 *   <faq-chat heading="Questions about the job?" lang="en" color="#0f766e"></faq-chat>
 *
 * Attributes (all optional):
 *   endpoint     base URL of `faqlite serve` (default: the server this script was loaded from)
 *   lang         language of the page: the interface language, and the question language sent
 *                to the server (absent or "auto": the server detects it per question)
 *   heading      the title bar text ("title" is accepted too)
 *   color        accent colour, any CSS colour
 *   theme        "light" (default), "dark" or "auto" (follows the system)
 *   greeting     first message shown
 *   placeholder  text of the empty question box
 *   suggestions  starter questions shown as buttons, separated by "|"
 * Methods: ask(question), reset(). Event: "faq-answer" with the JSON result as `detail`.
 * Styling: CSS custom properties --faq-accent, --faq-height, --faq-radius, --faq-font.
 *
 * Everything from the server is inserted as text (highlights become <mark> elements built here),
 * never as HTML.
 */
(() => {
  'use strict';
  if (typeof customElements === 'undefined' || customElements.get('faq-chat')) return;

  // The server that served this file answers the questions unless `endpoint` says otherwise.
  const SCRIPT_ORIGIN = (() => {
    try {
      const s = document.currentScript;
      return s && s.src ? new URL(s.src, location.href).origin : location.origin;
    } catch (_) {
      return location.origin;
    }
  })();

  const RTL_LANGS = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
  const primary = (tag) => String(tag || '').toLowerCase().split(/[-_]/)[0];
  const isRtl = (tag) => RTL_LANGS.has(primary(tag));
  const MAX_QUESTION_CHARS = 1000;
  const MAX_CONTEXT_TURNS = 8;
  const REQUEST_TIMEOUT_MS = 15000;

  const STRINGS = {
    en: {
      heading: 'Ask us anything', subtitle: 'Answers from our help guide',
      greeting: 'Hi! Ask me a question and I will look for the answer.',
      placeholder: 'Type your question…', send: 'Send', typing: 'Looking for an answer…',
      related: 'Related questions', clarify: 'Did you mean one of these?',
      closest: 'These topics might help:', error: 'Sorry, I could not reach the help service. Please try again.',
      tooLong: 'That question is a little long. Could you shorten it?', retry: 'Try again',
      log: 'Conversation', you: 'You said:', bot: 'Assistant said:',
      hint: 'Press Enter to send, Shift+Enter for a new line.',
    },
    es: {
      heading: 'Pregúntanos', subtitle: 'Respuestas de nuestra guía',
      greeting: '¡Hola! Hazme una pregunta y buscaré la respuesta.',
      placeholder: 'Escribe tu pregunta…', send: 'Enviar', typing: 'Buscando una respuesta…',
      related: 'Preguntas relacionadas', clarify: '¿Te refieres a alguna de estas?',
      closest: 'Quizá te ayuden estos temas:', error: 'Lo siento, no he podido contactar con el servicio de ayuda. Inténtalo de nuevo.',
      tooLong: 'La pregunta es un poco larga. ¿Puedes acortarla?', retry: 'Reintentar',
      log: 'Conversación', you: 'Tú:', bot: 'Asistente:',
      hint: 'Pulsa Intro para enviar y Mayús+Intro para una nueva línea.',
    },
    fr: {
      heading: 'Posez-nous vos questions', subtitle: 'Réponses issues de notre guide',
      greeting: 'Bonjour ! Posez-moi une question et je chercherai la réponse.',
      placeholder: 'Écrivez votre question…', send: 'Envoyer', typing: 'Recherche d’une réponse…',
      related: 'Questions liées', clarify: 'Vouliez-vous dire l’une de ces questions ?',
      closest: 'Ces sujets pourraient vous aider :', error: 'Désolé, le service d’aide est injoignable. Veuillez réessayer.',
      tooLong: 'Cette question est un peu longue. Pouvez-vous la raccourcir ?', retry: 'Réessayer',
      log: 'Conversation', you: 'Vous :', bot: 'Assistant :',
      hint: 'Entrée pour envoyer, Maj+Entrée pour aller à la ligne.',
    },
    de: {
      heading: 'Fragen Sie uns', subtitle: 'Antworten aus unserem Ratgeber',
      greeting: 'Hallo! Stellen Sie mir eine Frage, und ich suche die Antwort.',
      placeholder: 'Ihre Frage …', send: 'Senden', typing: 'Suche nach einer Antwort …',
      related: 'Verwandte Fragen', clarify: 'Meinten Sie eine dieser Fragen?',
      closest: 'Diese Themen könnten helfen:', error: 'Der Hilfedienst ist leider nicht erreichbar. Bitte versuchen Sie es erneut.',
      tooLong: 'Die Frage ist etwas lang. Können Sie sie kürzen?', retry: 'Erneut versuchen',
      log: 'Unterhaltung', you: 'Sie:', bot: 'Assistent:',
      hint: 'Eingabetaste zum Senden, Umschalt+Eingabe für eine neue Zeile.',
    },
    pt: {
      heading: 'Pergunte-nos', subtitle: 'Respostas do nosso guia',
      greeting: 'Olá! Faça uma pergunta e eu procuro a resposta.',
      placeholder: 'Escreva a sua pergunta…', send: 'Enviar', typing: 'Procurando uma resposta…',
      related: 'Perguntas relacionadas', clarify: 'Você quis dizer uma destas?',
      closest: 'Estes temas podem ajudar:', error: 'Desculpe, não foi possível contatar o serviço de ajuda. Tente novamente.',
      tooLong: 'A pergunta é um pouco longa. Pode encurtá-la?', retry: 'Tentar novamente',
      log: 'Conversa', you: 'Você:', bot: 'Assistente:',
      hint: 'Enter para enviar, Shift+Enter para nova linha.',
    },
    ru: {
      heading: 'Задайте вопрос', subtitle: 'Ответы из нашего справочника',
      greeting: 'Здравствуйте! Задайте вопрос, и я найду ответ.',
      placeholder: 'Введите вопрос…', send: 'Отправить', typing: 'Ищу ответ…',
      related: 'Похожие вопросы', clarify: 'Вы имели в виду один из этих вопросов?',
      closest: 'Возможно, помогут эти темы:', error: 'Не удалось связаться со службой помощи. Попробуйте ещё раз.',
      tooLong: 'Вопрос слишком длинный. Можете его сократить?', retry: 'Повторить',
      log: 'Диалог', you: 'Вы:', bot: 'Помощник:',
      hint: 'Enter — отправить, Shift+Enter — новая строка.',
    },
    ar: {
      heading: 'اسألنا', subtitle: 'إجابات من دليلنا',
      greeting: 'مرحبًا! اطرح سؤالك وسأبحث لك عن الإجابة.',
      placeholder: 'اكتب سؤالك…', send: 'إرسال', typing: 'جارٍ البحث عن إجابة…',
      related: 'أسئلة ذات صلة', clarify: 'هل تقصد أحد هذه الأسئلة؟',
      closest: 'قد تفيدك هذه المواضيع:', error: 'عذرًا، تعذّر الاتصال بخدمة المساعدة. يرجى المحاولة مرة أخرى.',
      tooLong: 'السؤال طويل بعض الشيء. هل يمكنك اختصاره؟', retry: 'إعادة المحاولة',
      log: 'المحادثة', you: 'أنت:', bot: 'المساعد:',
      hint: 'اضغط Enter للإرسال وShift+Enter لسطر جديد.',
    },
    zh: {
      heading: '向我们提问', subtitle: '答案来自我们的帮助指南',
      greeting: '你好！请提出你的问题，我来帮你找答案。',
      placeholder: '输入你的问题…', send: '发送', typing: '正在查找答案…',
      related: '相关问题', clarify: '你是想问以下哪个问题？',
      closest: '这些主题或许有帮助：', error: '抱歉，暂时无法连接帮助服务，请稍后再试。',
      tooLong: '问题有点长，能否简短一些？', retry: '重试',
      log: '对话', you: '你：', bot: '助手：',
      hint: '按 Enter 发送，Shift+Enter 换行。',
    },
    ja: {
      heading: '質問する', subtitle: 'ヘルプガイドからの回答',
      greeting: 'こんにちは！ご質問をどうぞ。答えをお探しします。',
      placeholder: '質問を入力…', send: '送信', typing: '回答を探しています…',
      related: '関連する質問', clarify: '次のどれかをお探しですか？',
      closest: 'こちらのトピックが役立つかもしれません：', error: '申し訳ありません。ヘルプサービスに接続できませんでした。もう一度お試しください。',
      tooLong: '質問が少し長すぎます。短くしていただけますか？', retry: '再試行',
      log: '会話', you: 'あなた：', bot: 'アシスタント：',
      hint: 'Enter で送信、Shift+Enter で改行。',
    },
  };
  const say = (lang, key) => (STRINGS[primary(lang)] || STRINGS.en)[key] || STRINGS.en[key];

  // Builds an element; strings become text nodes, so nothing here can inject markup.
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) el.append(c);
    return el;
  }

  // The result's highlights are byte ranges into the UTF-8 answer; the DOM counts UTF-16 units.
  function markRanges(text, highlights) {
    if (!Array.isArray(highlights) || !highlights.length) return [];
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const toChar = (b) => dec.decode(bytes.subarray(0, b)).length;
    const ranges = [];
    for (const r of highlights) {
      if (!Array.isArray(r) || r.length !== 2) continue;
      const [s, e] = r;
      if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > bytes.length || s >= e) continue;
      ranges.push([toChar(s), toChar(e)]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    }
    return merged;
  }

  function appendMarked(el, text, from, to, marks) {
    let i = from;
    for (const [s, e] of marks) {
      if (e <= i || s >= to) continue;
      const ms = Math.max(s, i);
      const me = Math.min(e, to);
      if (ms > i) el.append(text.slice(i, ms));
      el.append(h('mark', { text: text.slice(ms, me) }));
      i = me;
    }
    if (i < to) el.append(text.slice(i, to));
  }

  // Answers are plain text: "\n" separates paragraphs and lines starting "- " are list items.
  function renderAnswer(text, highlights) {
    const box = h('div', { class: 'answer-text' });
    const marks = markRanges(text, highlights);
    let pos = 0;
    let list = null;
    for (const line of text.split('\n')) {
      const start = pos;
      const end = pos + line.length;
      pos = end + 1;
      if (!line.trim()) {
        list = null;
        continue;
      }
      const bullet = /^\s*[-•*]\s+/.exec(line);
      let el;
      if (bullet) {
        if (!list) box.append((list = h('ul')));
        list.append((el = h('li')));
      } else {
        list = null;
        box.append((el = h('p')));
      }
      appendMarked(el, text, start + (bullet ? bullet[0].length : 0), end, marks);
    }
    return box;
  }

  const ICON_CHAT =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9.5L5 21.5V18H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.25a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5zm5 0a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5zm5 0a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5z"/></svg>';
  const ICON_SEND =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/></svg>';

  const STYLE = `
    :host { display: block; width: 100%; max-width: var(--faq-width, 440px);
      --faq-accent: #2563eb; --faq-height: 580px; --faq-radius: 18px;
      --faq-font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic",
        "Noto Sans CJK SC", sans-serif;
      --bg: #ffffff; --fg: #0f172a; --muted: #64748b; --bubble: #f1f5f9; --line: #e2e8f0;
      --shadow: 0 12px 40px rgba(15, 23, 42, .14), 0 2px 6px rgba(15, 23, 42, .08);
      color-scheme: light; }
    :host([hidden]) { display: none; }
    .chat[data-theme="dark"] { --bg: #0f172a; --fg: #e2e8f0; --muted: #94a3b8; --bubble: #1e293b;
      --line: #334155; --shadow: 0 12px 40px rgba(0, 0, 0, .5); color-scheme: dark; }
    @media (prefers-color-scheme: dark) {
      .chat[data-theme="auto"] { --bg: #0f172a; --fg: #e2e8f0; --muted: #94a3b8; --bubble: #1e293b;
        --line: #334155; --shadow: 0 12px 40px rgba(0, 0, 0, .5); color-scheme: dark; }
    }
    * { box-sizing: border-box; }
    .chat { display: flex; flex-direction: column; height: var(--faq-height); max-height: 100%;
      background: var(--bg); color: var(--fg); font: 15px/1.5 var(--faq-font);
      border-radius: var(--faq-radius); box-shadow: var(--shadow); overflow: hidden;
      border: 1px solid var(--line); }
    header { display: flex; align-items: center; gap: 12px; padding: 14px 18px;
      background: linear-gradient(135deg, var(--faq-accent), color-mix(in srgb, var(--faq-accent) 70%, #000));
      color: #fff; }
    .avatar { flex: none; width: 38px; height: 38px; border-radius: 50%; display: grid;
      place-items: center; background: rgba(255, 255, 255, .18); }
    .avatar svg { width: 22px; height: 22px; }
    h2 { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.25; }
    .subtitle { margin: 2px 0 0; font-size: 12.5px; opacity: .85; }
    .log { flex: 1; overflow-y: auto; padding: 18px 16px 8px; display: flex; flex-direction: column;
      gap: 10px; scroll-behavior: smooth; overscroll-behavior: contain; }
    .log:focus-visible { outline: 2px solid var(--faq-accent); outline-offset: -2px; }
    .msg { max-width: 86%; padding: 10px 14px; border-radius: 16px; word-wrap: break-word;
      overflow-wrap: anywhere; animation: pop .18s ease-out; }
    .msg p { margin: 0 0 8px; } .msg p:last-child { margin-bottom: 0; }
    .msg ul { margin: 4px 0 8px; padding-inline-start: 20px; } .msg ul:last-child { margin-bottom: 0; }
    .msg li { margin: 2px 0; }
    .user { align-self: flex-end; background: var(--faq-accent); color: #fff;
      border-end-end-radius: 4px; white-space: pre-wrap; }
    .bot { align-self: flex-start; background: var(--bubble); border-end-start-radius: 4px; }
    .bot.fallback { background: color-mix(in srgb, #f59e0b 12%, var(--bg));
      border: 1px solid color-mix(in srgb, #f59e0b 35%, var(--bg)); }
    .bot.error { background: color-mix(in srgb, #ef4444 10%, var(--bg));
      border: 1px solid color-mix(in srgb, #ef4444 30%, var(--bg)); }
    .label { display: inline-block; margin-bottom: 4px; font-size: 11.5px; font-weight: 600;
      letter-spacing: .02em; text-transform: uppercase; color: var(--faq-accent); }
    mark { background: color-mix(in srgb, var(--faq-accent) 20%, transparent); color: inherit;
      border-radius: 3px; padding: 0 2px; font-weight: 600; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
    .chips-title { width: 100%; font-size: 12.5px; color: var(--muted); margin: 0; }
    .chip { font: inherit; font-size: 13.5px; line-height: 1.3; text-align: start; cursor: pointer;
      padding: 7px 12px; border-radius: 16px; color: var(--faq-accent); background: var(--bg);
      border: 1px solid color-mix(in srgb, var(--faq-accent) 45%, var(--bg)); max-width: 100%; }
    .chip:hover { background: color-mix(in srgb, var(--faq-accent) 10%, var(--bg)); }
    .chip:focus-visible, button:focus-visible, textarea:focus-visible {
      outline: 2px solid var(--faq-accent); outline-offset: 2px; }
    .chip:disabled { opacity: .55; cursor: default; }
    .typing { display: inline-flex; gap: 5px; align-items: center; padding: 14px 16px; }
    .typing span { width: 7px; height: 7px; border-radius: 50%; background: var(--muted);
      animation: blink 1.2s infinite ease-in-out both; }
    .typing span:nth-child(2) { animation-delay: .15s; } .typing span:nth-child(3) { animation-delay: .3s; }
    @keyframes blink { 0%, 80%, 100% { opacity: .25; transform: scale(.8); } 40% { opacity: 1; transform: scale(1); } }
    @keyframes pop { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
    form { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px 12px;
      border-top: 1px solid var(--line); background: var(--bg); }
    textarea { flex: 1; resize: none; font: inherit; color: var(--fg); background: var(--bubble);
      border: 1px solid transparent; border-radius: 20px; padding: 9px 14px; min-height: 40px;
      max-height: 120px; line-height: 1.4; }
    textarea::placeholder { color: var(--muted); }
    textarea:focus { border-color: color-mix(in srgb, var(--faq-accent) 50%, transparent); outline: none; }
    .send { flex: none; width: 40px; height: 40px; border-radius: 50%; border: 0; cursor: pointer;
      display: grid; place-items: center; background: var(--faq-accent); color: #fff; }
    .send svg { width: 20px; height: 20px; }
    .chat[dir="rtl"] .send svg { transform: scaleX(-1); }
    .send:disabled { opacity: .5; cursor: default; }
    .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
      clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    @media (max-width: 480px) {
      .chat { font-size: 15px; border-radius: 12px; }
      .msg { max-width: 92%; }
      .log { padding: 14px 10px 6px; }
    }
    @media (prefers-reduced-motion: reduce) {
      .msg, .typing span { animation: none; } .log { scroll-behavior: auto; }
    }
  `;

  let instances = 0;

  class FaqChat extends HTMLElement {
    static get observedAttributes() {
      return ['lang', 'heading', 'title', 'color', 'theme', 'greeting', 'placeholder', 'suggestions'];
    }

    constructor() {
      super();
      this._uid = `faq-chat-${++instances}`;
      this._context = [];
      this._busy = false;
      this._heading = '';
      this._started = false;
      const root = this.attachShadow({ mode: 'open' });
      root.append(h('style', { text: STYLE }));
      this._input = h('textarea', {
        id: 'q', rows: 1, maxlength: MAX_QUESTION_CHARS, autocomplete: 'off',
        'aria-describedby': 'hint', enterkeyhint: 'send',
      });
      this._send = h('button', { class: 'send', type: 'submit' });
      this._send.innerHTML = ICON_SEND;  // a constant
      this._sendLabel = h('span', { class: 'sr-only' });
      this._send.append(this._sendLabel);
      this._inputLabel = h('label', { class: 'sr-only', for: 'q' });
      this._hint = h('span', { class: 'sr-only', id: 'hint' });
      this._log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', tabindex: 0 });
      this._title = h('h2', { id: 'title' });
      this._subtitle = h('p', { class: 'subtitle' });
      const avatar = h('div', { class: 'avatar', 'aria-hidden': 'true' });
      avatar.innerHTML = ICON_CHAT;  // a constant
      this._form = h('form', { onsubmit: (e) => { e.preventDefault(); this._submit(); } },
        this._inputLabel, this._input, this._hint, this._send);
      this._chat = h('section', { class: 'chat', 'aria-labelledby': 'title' },
        h('header', null, avatar, h('div', null, this._title, this._subtitle)),
        this._log, this._form);
      root.append(this._chat);
      this._input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          this._submit();
        }
      });
      this._input.addEventListener('input', () => this._autosize());
    }

    connectedCallback() {
      this._applyAttributes();
      if (!this._started) {
        this._started = true;
        this._greet();
      }
    }

    attributeChangedCallback(name, _old, value) {
      // The page's "title" would show as a tooltip over the whole widget: keep it as the heading.
      if (name === 'title' && value !== null) {
        this._heading = value;
        this.removeAttribute('title');
        return;
      }
      if (this._started) this._applyAttributes();
    }

    get uiLang() {
      const l = this.getAttribute('lang');
      return l && l !== 'auto' ? l : (document.documentElement.lang || 'en');
    }

    get endpoint() {
      const e = (this.getAttribute('endpoint') || '').trim();
      return (e || SCRIPT_ORIGIN).replace(/\/+$/, '');
    }

    _applyAttributes() {
      const lang = this.uiLang;
      const rtl = isRtl(lang) || (!this.getAttribute('lang') && document.documentElement.dir === 'rtl');
      this._chat.setAttribute('dir', rtl ? 'rtl' : 'ltr');
      this._chat.setAttribute('lang', lang);
      const theme = this.getAttribute('theme');
      this._chat.dataset.theme = theme === 'dark' || theme === 'auto' ? theme : 'light';
      const color = this.getAttribute('color');
      if (color && CSS.supports('color', color)) this.style.setProperty('--faq-accent', color);
      else this.style.removeProperty('--faq-accent');
      this._title.textContent = this.getAttribute('heading') || this._heading || say(lang, 'heading');
      this._subtitle.textContent = say(lang, 'subtitle');
      this._input.placeholder = this.getAttribute('placeholder') || say(lang, 'placeholder');
      this._inputLabel.textContent = say(lang, 'placeholder');
      this._hint.textContent = say(lang, 'hint');
      this._sendLabel.textContent = say(lang, 'send');
      this._log.setAttribute('aria-label', say(lang, 'log'));
    }

    _greet() {
      const lang = this.uiLang;
      const bubble = this._bubble('bot', lang);
      bubble.append(h('p', { text: this.getAttribute('greeting') || say(lang, 'greeting') }));
      const starters = (this.getAttribute('suggestions') || '').split('|').map((s) => s.trim()).filter(Boolean);
      if (starters.length) bubble.append(this._chips(starters.slice(0, 6).map((q) => ({ label: q, run: () => this.ask(q) }))));
      this._log.append(bubble);
    }

    // Clears the conversation and its context.
    reset() {
      this._context = [];
      this._log.replaceChildren();
      this._greet();
    }

    _autosize() {
      this._input.style.height = 'auto';
      this._input.style.height = `${Math.min(this._input.scrollHeight + 2, 120)}px`;
    }

    _submit() {
      const q = this._input.value.trim();
      if (!q || this._busy) return;
      this._input.value = '';
      this._autosize();
      this.ask(q);
    }

    _bubble(who, lang) {
      const el = h('div', { class: `msg ${who}` });
      if (lang) {
        el.lang = lang;
        el.dir = isRtl(lang) ? 'rtl' : 'ltr';
      }
      // Screen readers hear who speaks; the layout already shows it.
      el.append(h('span', { class: 'sr-only', text: say(lang || this.uiLang, who === 'user' ? 'you' : 'bot') + ' ' }));
      return el;
    }

    _chips(items, title) {
      const box = h('div', { class: 'chips' });
      if (title) box.append(h('p', { class: 'chips-title', text: title }));
      for (const it of items) {
        box.append(h('button', { class: 'chip', type: 'button', text: it.label, onclick: it.run }));
      }
      return box;
    }

    _scroll() {
      this._log.scrollTop = this._log.scrollHeight;
    }

    _show(el) {
      this._log.append(el);
      this._scroll();
      return el;
    }

    // Asks `question` as if the person had typed it.
    async ask(question) {
      const q = String(question || '').trim().slice(0, MAX_QUESTION_CHARS);
      if (!q || this._busy) return;
      this._busy = true;
      this._send.disabled = true;
      this._chat.setAttribute('aria-busy', 'true');
      const user = this._bubble('user');
      user.setAttribute('dir', 'auto');
      user.append(q);
      this._show(user);
      const typing = this._show(h('div', { class: 'msg bot typing', role: 'status' },
        h('span', { 'aria-hidden': 'true' }), h('span', { 'aria-hidden': 'true' }), h('span', { 'aria-hidden': 'true' }),
        h('em', { class: 'sr-only', text: say(this.uiLang, 'typing') })));
      const shown = Date.now();
      let outcome = null;
      try {
        outcome = await this._request(q);
      } catch (_) {
        outcome = { error: 'error' };
      }
      // Keep the typing dots visible long enough to be seen rather than flicker.
      const wait = 350 - (Date.now() - shown);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      typing.remove();
      if (outcome.error) this._showError(outcome.error, q);
      else this._showResult(outcome.result);
      this._busy = false;
      this._send.disabled = false;
      this._chat.removeAttribute('aria-busy');
    }

    async _request(q) {
      const body = { question: q, k: 3 };
      const lang = this.getAttribute('lang');
      if (lang && lang !== 'auto') body.lang = lang;
      if (this._context.length) body.context = this._context;
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
      try {
        const res = await fetch(`${this.endpoint}/v1/ask`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          credentials: 'omit',
          signal: ctl.signal,
        });
        let data = null;
        try {
          data = await res.json();
        } catch (_) {
          data = null;
        }
        if (res.status === 422) return { error: 'tooLong' };
        if (!res.ok || !data || !Array.isArray(data.answers)) return { error: 'error' };
        return { result: data };
      } finally {
        clearTimeout(timer);
      }
    }

    _showResult(r) {
      if (Array.isArray(r.context)) {
        this._context = r.context.filter((t) => typeof t === 'string').slice(-MAX_CONTEXT_TURNS);
      }
      const answers = r.answers.filter((a) => a && typeof a.answer === 'string');
      const lang = (answers[0] && answers[0].lang) || r.lang || this.uiLang;
      const choices = (list) => list.slice(0, 3).map((a) => ({
        label: a.question || a.title || a.id,
        run: () => this._choose(a),
      }));
      if (r.outcome === 'answered' && answers.length) {
        this._show(this._answer(answers[0], true));
      } else if (r.outcome === 'clarify' && answers.length) {
        const b = this._bubble('bot', lang);
        b.append(h('p', { text: say(lang, 'clarify') }), this._chips(choices(answers)));
        this._show(b);
      } else {
        const flang = r.lang || lang;
        const b = this._bubble('bot', flang);
        b.classList.add('fallback');
        b.append(h('p', { text: typeof r.fallback === 'string' && r.fallback ? r.fallback : say(flang, 'error') }));
        if (answers.length) b.append(this._chips(choices(answers), say(flang, 'closest')));
        this._show(b);
      }
      this.dispatchEvent(new CustomEvent('faq-answer', { detail: r, bubbles: true, composed: true }));
    }

    // A choice offered by a clarify or fallback message: the answer is already here.
    _choose(a) {
      if (this._busy) return;
      const user = this._bubble('user');
      user.setAttribute('dir', 'auto');
      user.append(a.question || a.title || a.id);
      this._show(user);
      this._show(this._answer(a, true));
    }

    _answer(a, withFollowUps) {
      const b = this._bubble('bot', a.lang);
      b.dataset.entryId = a.id;
      if (a.section || a.title) b.append(h('span', { class: 'label', text: a.section || a.title }));
      b.append(renderAnswer(a.answer, a.highlights));
      const fus = withFollowUps && Array.isArray(a.follow_ups) ? a.follow_ups.filter((f) => f && f.question) : [];
      if (fus.length) {
        b.append(this._chips(fus.slice(0, 4).map((f) => ({ label: f.question, run: () => this.ask(f.question) })),
          say(a.lang, 'related')));
      }
      return b;
    }

    _showError(kind, q) {
      const lang = this.uiLang;
      const b = this._bubble('bot', lang);
      b.classList.add('error');
      b.append(h('p', { text: say(lang, kind) }));
      if (kind === 'error') {
        b.append(this._chips([{ label: say(lang, 'retry'), run: (e) => { e.target.disabled = true; this.ask(q); } }]));
      }
      this._show(b);
    }
  }

  customElements.define('faq-chat', FaqChat);
})();
