// A thread page sends each post's common actions once, in a <template>: the reaction buttons
// (which submit the page's one form) and, where replies are open, a Quote link. This copies
// them into every post that takes them, pressed where the reader reacted (data-react) and aimed
// at that post, beside its "More" link. Without JavaScript, each post's "More" page has the
// same actions.
const template = document.getElementById("post-actions");
if (template) {
  const [reactions, quote] = template.content.children;
  for (const footer of document.querySelectorAll("footer[data-react]")) {
    const postId = footer.closest("article").id.replace(/^post-/, "");
    const mine = footer.dataset.react.split(" ");
    const buttons = reactions.cloneNode(true);
    for (const button of buttons.querySelectorAll("button")) {
      button.formAction = `../posts/${postId}/react/`;
      button.setAttribute("aria-pressed", String(mine.includes(button.value)));
    }
    const more = footer.querySelector(":scope > a");
    const links = document.createElement("p");
    links.className = "post-links";
    if (quote) {
      const link = quote.cloneNode(true);
      link.href = `reply/?quote=${postId}`;
      links.append(link);
    }
    links.append(more);
    footer.append(buttons, links);
  }
}
