// Event names of common tools, and French words, become one canonical activity type; any other name is kept.

import { describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES, normaliseActivityType } from '../../src/domain/activity.js';

describe('normaliseActivityType', () => {
  it.each([
    // Mautic timeline and webhook events
    ['page.hit', 'page_view'], ['email.read', 'email_open'], ['email.open', 'email_open'], ['email.sent', 'email_sent'],
    ['email.replied', 'email_reply'], ['form.submitted', 'form_submit'], ['form.submit', 'form_submit'],
    ['asset.download', 'content_download'], ['mautic.email_on_open', 'email_open'], ['mautic.form_on_submit', 'form_submit'],
    // HubSpot email events
    ['SENT', 'email_sent'], ['DELIVERED', 'email_delivered'], ['OPEN', 'email_open'], ['CLICK', 'email_click'],
    ['BOUNCE', 'email_bounce'], ['SPAMREPORT', 'email_spam_report'],
    // Brevo (Sendinblue)
    ['opened', 'email_open'], ['uniqueOpened', 'email_open'], ['click', 'email_click'], ['clicked', 'email_click'],
    ['hardBounce', 'email_bounce'], ['unsubscribed', 'email_unsubscribe'], ['spam', 'email_spam_report'], ['delivered', 'email_delivered'],
    // Mailchimp
    ['open', 'email_open'], ['bounce', 'email_bounce'], ['unsubscribe', 'email_unsubscribe'], ['cleaned', 'email_bounce'],
    // Lemlist
    ['emailsSent', 'email_sent'], ['emailsOpened', 'email_open'], ['emailsClicked', 'email_click'], ['emailsReplied', 'email_reply'],
    ['emailsBounced', 'email_bounce'], ['emailsUnsubscribed', 'email_unsubscribe'], ['linkedinReplied', 'linkedin_reply'],
    // French words, as exports and people write them
    ['Ouverture', 'email_open'], ['clic', 'email_click'], ['Désinscription', 'email_unsubscribe'], ['désabonnement', 'email_unsubscribe'],
    ['Téléchargement', 'content_download'], ['Demande de démo', 'demo_request'], ['demande d’essai', 'trial_request'],
    ['Visite', 'page_view'], ['Formulaire soumis', 'form_submit'], ['Réponse', 'email_reply'], ['Rendez-vous', 'meeting_booked'],
    // Canonical names, however they are written
    ['page_view', 'page_view'], ['Page View', 'page_view'], ['DEMO_REQUEST', 'demo_request'], ['trial-request', 'trial_request'],
  ])('%s → %s', (name, type) => expect(normaliseActivityType(name)).toBe(type));

  it.each([
    ['Webinar Attended', 'webinar_attended'],
    ['emailsInterested', 'emails_interested'],
    ['softBounce', 'soft_bounce'],
    ['proxyOpen', 'proxy_open'],
    ['STATUSCHANGE', 'statuschange'],
    ['  Salon  VivaTech 2026 ', 'salon_viva_tech_2026'], // camelCase is split, even in a brand
    ['Appel sortant', 'appel_sortant'],
  ])('an unknown name is kept as a slug: %s → %s', (name, slug) => expect(normaliseActivityType(name)).toBe(slug));

  it('a name with no letter or digit gives an empty type, for the caller to reject', () => {
    expect(normaliseActivityType(' -- ')).toBe('');
  });

  it('every canonical type is its own normal form, and so is every slug', () => {
    for (const type of ACTIVITY_TYPES) expect(normaliseActivityType(type)).toBe(type);
    expect(normaliseActivityType('webinar_attended')).toBe('webinar_attended');
  });
});
