namespace ChatNetOps.Execution.Ssh;

using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tracing;
using Renci.SshNet;
using Renci.SshNet.Common;

/// <summary>SSH.NET authentication methods for a credential (devices and jump hosts alike).</summary>
internal static class SshAuthentication
{
    /// <summary>Private key first (when present), then password and keyboard-interactive answered with the password.</summary>
    /// <exception cref="SshRunException">The credential has no usable secret or its key cannot be read.</exception>
    public static AuthenticationMethod[] Methods(string credentialRef, DeviceCredential credential)
    {
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrEmpty(credential.PrivateKeyPem))
        {
            try
            {
                var key = new PrivateKeyFile(new MemoryStream(Encoding.UTF8.GetBytes(credential.PrivateKeyPem)), credential.PrivateKeyPassphrase);
                methods.Add(new PrivateKeyAuthenticationMethod(credential.Username, key));
            }
            catch (Exception ex) when (ex is SshException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
            {
                // Never echo the key material or the parser's message (it can quote the key).
                throw new SshRunException(ExecutionStatus.Failed, $"the private key of credential '{credentialRef}' could not be read (wrong passphrase or unsupported format)", ex)
                {
                    ErrorType = ErrorTypes.Credential,
                };
            }
        }

        if (!string.IsNullOrEmpty(credential.Password))
        {
            methods.Add(new PasswordAuthenticationMethod(credential.Username, credential.Password));
            var keyboard = new KeyboardInteractiveAuthenticationMethod(credential.Username);
            var password = credential.Password;
            keyboard.AuthenticationPrompt += (_, e) =>
            {
                foreach (var prompt in e.Prompts)
                {
                    prompt.Response = password;
                }
            };
            methods.Add(keyboard);
        }

        if (methods.Count == 0)
        {
            throw new SshRunException(ExecutionStatus.Failed, $"credential '{credentialRef}' has neither a password nor a private key")
            {
                ErrorType = ErrorTypes.Credential,
            };
        }

        return [.. methods];
    }
}
