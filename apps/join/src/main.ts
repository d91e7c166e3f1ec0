// The invite (a compact offer) arrives in the URL fragment, so it never reaches
// a server. Decoding and answering it comes with the compact SDP issue.
const state = document.querySelector('#invite-state');
if (state && location.hash.length > 1) {
  state.textContent = `Invite received (${location.hash.length - 1} characters). Answering invites arrives in a later release.`;
}
