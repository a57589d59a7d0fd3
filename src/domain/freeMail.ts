// Free-mail domains: an address there says nothing about an employer, so a B2B scoring model usually gives
// it fewer points than a company address (the `emailDomain` condition of a scoring rule).

/** Providers that hand out addresses under many country domains: gmail.com, yahoo.fr, hotmail.co.uk, gmx.de... */
const FREE_MAIL_PROVIDERS = new Set([
  'gmail', 'googlemail', 'yahoo', 'ymail', 'rocketmail', 'hotmail', 'outlook', 'live', 'msn', 'windowslive',
  'icloud', 'aol', 'gmx', 'proton', 'protonmail', 'yandex', 'tutanota', 'tuta', 'mail', 'inbox', 'zohomail',
  'libero', 'virgilio', 'tiscali', 'seznam', 'rediffmail', 'naver', 'qq', '163', '126', 'hanmail',
]);

/** Free-mail domains that are one provider's only domain (mostly Internet access providers' mailboxes). */
const FREE_MAIL_DOMAINS = new Set([
  'me.com', 'mac.com', 'pm.me', 'mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'ya.ru', 'web.de', 't-online.de',
  'freenet.de', 'arcor.de', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'neuf.fr',
  'bbox.fr', 'numericable.fr', 'club-internet.fr', 'aliceadsl.fr', 'libertysurf.fr', 'cegetel.net',
  'noos.fr', 'skynet.be', 'telenet.be', 'bluewin.ch', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'ntlworld.com', 'talktalk.net', 'att.net', 'comcast.net',
  'verizon.net', 'sbcglobal.net', 'cox.net', 'charter.net', 'earthlink.net', 'bigpond.com', 'shaw.ca',
  'rogers.com', 'sympatico.ca', 'fastmail.com', 'fastmail.fm', 'hey.com', 'mailfence.com', 'posteo.de',
]);

/**
 * Whether an email address (or a bare domain) is at a free-mail provider. The domain is compared lower-case;
 * a provider name counts under any country ending of at most two short parts (`yahoo.co.uk`, `gmx.net`),
 * so that `outlook.example.com`, a company's own host, is not taken for Outlook.
 */
export function isFreeMailDomain(emailOrDomain: string): boolean {
  const domain = emailOrDomain.slice(emailOrDomain.lastIndexOf('@') + 1).trim().toLowerCase();
  if (FREE_MAIL_DOMAINS.has(domain)) return true;
  const dot = domain.indexOf('.');
  if (dot <= 0) return false;
  if (!FREE_MAIL_PROVIDERS.has(domain.slice(0, dot))) return false;
  const ending = domain.slice(dot + 1).split('.');
  return ending.length <= 2 && ending.every((part) => /^[a-z]{2,3}$/.test(part));
}
