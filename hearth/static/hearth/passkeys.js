// Passkeys (WebAuthn): add one on the two-step page; use one at the second sign-in step.
const csrf = () => {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
};
const b64url = {
  decode: (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4)), (c) => c.charCodeAt(0)),
  encode: (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
};

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
    body: JSON.stringify(body || {}),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || "Something went wrong.");
  return data;
}

function showError(root, message) {
  const box = root.querySelector("[data-passkey-error]");
  box.textContent = message;
  box.hidden = false;
}

const register = document.querySelector("[data-passkey-register]");
if (register && window.PublicKeyCredential) {
  register.hidden = false;
  register.querySelector("[data-passkey-register-button]").addEventListener("click", async () => {
    try {
      const options = await post("/account/two-factor/passkeys/register/begin/");
      options.challenge = b64url.decode(options.challenge);
      options.user.id = b64url.decode(options.user.id);
      options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) }));
      const credential = await navigator.credentials.create({ publicKey: options });
      await post("/account/two-factor/passkeys/register/finish/", {
        label: document.getElementById("passkey-label").value,
        credential: {
          id: credential.id,
          rawId: b64url.encode(credential.rawId),
          type: credential.type,
          response: {
            clientDataJSON: b64url.encode(credential.response.clientDataJSON),
            attestationObject: b64url.encode(credential.response.attestationObject),
            transports: credential.response.getTransports ? credential.response.getTransports() : [],
          },
        },
      });
      window.location.replace(window.location.href);
    } catch (error) {
      showError(register, error.message);
    }
  });
}

const auth = document.querySelector("[data-passkey-auth]");
if (auth && window.PublicKeyCredential) {
  auth.hidden = false;
  auth.querySelector("[data-passkey-auth-button]").addEventListener("click", async () => {
    try {
      const options = await post("/account/two-factor/passkeys/auth/begin/");
      options.challenge = b64url.decode(options.challenge);
      options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) }));
      const assertion = await navigator.credentials.get({ publicKey: options });
      const result = await post("/account/two-factor/passkeys/auth/finish/", {
        credential: {
          id: assertion.id,
          rawId: b64url.encode(assertion.rawId),
          type: assertion.type,
          response: {
            clientDataJSON: b64url.encode(assertion.response.clientDataJSON),
            authenticatorData: b64url.encode(assertion.response.authenticatorData),
            signature: b64url.encode(assertion.response.signature),
            userHandle: assertion.response.userHandle ? b64url.encode(assertion.response.userHandle) : null,
          },
        },
      });
      window.location.replace(result.next || "/");
    } catch (error) {
      showError(auth, error.message);
    }
  });
}
