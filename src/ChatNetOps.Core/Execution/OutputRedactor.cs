namespace ChatNetOps.Core.Execution;

using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// Removes secrets from device output before it is stored or shown. Only the secret itself becomes
/// <see cref="Placeholder"/>; the rest of the line stays so engineers can still read the configuration.
/// Covers FortiOS (<c>ENC</c> tokens, <c>set password/passwd/psksecret/secret/key</c>, private keys), Cisco IOS and
/// NX-OS (enable/username secrets, SNMP communities, key strings, pre-shared and server keys, ISAKMP keys, OSPF
/// keys), PEM private key blocks (a truncated block is redacted to the end of the text), IPsec SA keys as printed by
/// <c>diagnose vpn tunnel list</c>, and Linux <c>password=</c> style assignments and HTTP <c>Authorization</c> headers.
/// </summary>
public static partial class OutputRedactor
{
    public const string Placeholder = "<redacted>";

    private const string SecretGroup = "secret";

    private static readonly Func<Regex>[] Rules =
    [
        PemPrivateKey,
        FortiOsQuotedPrivateKey,
        FortiOsEncToken,
        FortiOsPlainSecret,
        FortiOsIpsecSaKey,
        IosEnableSecret,
        IosUsernameSecret,
        IosSnmpCommunity,
        IosKeyString,
        IosPreSharedKey,
        IosServerKey,
        IosTypedKey,
        IosIsakmpKey,
        IosOspfKey,
        AuthorizationHeader,
        QuotedJsonSecret,
        AssignmentSecret,
    ];

    /// <summary>Redacts <paramref name="output"/>; never throws for any input text.</summary>
    public static RedactionResult Redact(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return new RedactionResult(string.Empty, 0);
        }

        var text = output;
        var count = 0;
        foreach (var rule in Rules)
        {
            text = rule().Replace(text, m => ReplaceSecret(m, ref count));
        }

        return new RedactionResult(text, count);
    }

    private static string ReplaceSecret(Match match, ref int count)
    {
        var secret = match.Groups[SecretGroup];
        if (!secret.Success || secret.Length == 0 || IsPlaceholder(secret.Value))
        {
            return match.Value;
        }

        count++;
        var builder = new StringBuilder(match.Length);
        builder.Append(match.Value, 0, secret.Index - match.Index);
        builder.Append(Placeholder);
        var end = secret.Index + secret.Length - match.Index;
        builder.Append(match.Value, end, match.Length - end);
        return builder.ToString();
    }

    private static bool IsPlaceholder(string value) =>
        value.Trim().Trim('"', '\'').Equals(Placeholder, StringComparison.Ordinal);

    // -----BEGIN (ENCRYPTED |RSA |EC |OPENSSH )PRIVATE KEY----- ... -----END ...-----; an unterminated block is redacted to the end.
    [GeneratedRegex(@"-----BEGIN (?<kind>[A-Z0-9 ]*PRIVATE KEY)-----\s*(?<secret>.*?)\s*(?=-----END \k<kind>-----|\z)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PemPrivateKey();

    // FortiOS: set private-key "..." that is not a PEM block (the PEM rule handles those).
    [GeneratedRegex(@"\bset[ \t]+private-key[ \t]+""(?<secret>(?!-----BEGIN)[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex FortiOsQuotedPrivateKey();

    // FortiOS: any ENC <base64> token (set password ENC ..., set passwd ENC ..., set psksecret ENC ..., set secret ENC ...).
    [GeneratedRegex(@"\bENC[ \t]+(?<secret>[A-Za-z0-9+/=]{4,})", RegexOptions.CultureInvariant)]
    private static partial Regex FortiOsEncToken();

    // FortiOS: a secret set in clear text (as typed, or in a config backup made without encryption).
    [GeneratedRegex(@"\bset[ \t]+(?:password|passwd|psksecret|secret|key|passphrase|auth-pwd|auth-password)[ \t]+(?!ENC\b)(?<secret>""[^""\r\n]*""|\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex FortiOsPlainSecret();

    // FortiOS diagnose vpn tunnel list: "dec: spi=... esp=aes key=16 <hex>" and "ah=sha1 key=20 <hex>".
    [GeneratedRegex(@"\b(?:esp|ah)=[A-Za-z0-9_-]+[ \t]+key=[0-9]+[ \t]+(?<secret>[0-9A-Fa-f]{8,})", RegexOptions.CultureInvariant)]
    private static partial Regex FortiOsIpsecSaKey();

    // IOS / NX-OS: enable secret 5 <hash>, enable secret 9 <hash>, enable password 7 <x>, enable password <x>.
    [GeneratedRegex(@"^[ \t]*enable[ \t]+(?:secret|password)[ \t]+(?:level[ \t]+[0-9]+[ \t]+)?(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex IosEnableSecret();

    // IOS / NX-OS: username <u> [privilege N] (secret|password) [type] <x> [role ...].
    [GeneratedRegex(@"^[ \t]*username[ \t]+\S+[ \t]+(?:privilege[ \t]+[0-9]+[ \t]+)?(?:algorithm-type[ \t]+\S+[ \t]+)?(?:secret|password)[ \t]+(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex IosUsernameSecret();

    // IOS / NX-OS: snmp-server community <x> [RO|RW|group ...].
    [GeneratedRegex(@"\bsnmp-server[ \t]+community[ \t]+(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex IosSnmpCommunity();

    // key chain key-string [type] <x>.
    [GeneratedRegex(@"\bkey-string[ \t]+(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex IosKeyString();

    // pre-shared-key [local|remote] [address ...] [type] <x>.
    [GeneratedRegex(@"\bpre-shared-key[ \t]+(?:(?:local|remote)[ \t]+)?(?:address[ \t]+\S+[ \t]+(?:\S+[ \t]+)?key[ \t]+)?(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex IosPreSharedKey();

    // tacacs-server key [type] <x>, radius-server key [type] <x>.
    [GeneratedRegex(@"\b(?:tacacs|radius)-server[ \t]+key[ \t]+(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex IosServerKey();

    // NX-OS "tacacs-server host 10.0.0.5 key 7 "x"" and IOS server blocks " key 7 <x>".
    [GeneratedRegex(@"(?<=^|[ \t])key[ \t]+[067][ \t]+(?<secret>""[^""\r\n]*""|[^\s-]\S*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex IosTypedKey();

    // crypto isakmp key [type] <x> address <peer>.
    [GeneratedRegex(@"\bcrypto[ \t]+isakmp[ \t]+key[ \t]+(?:[0-9][ \t]+)?(?<secret>\S+)(?=[ \t]+(?:address|hostname)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex IosIsakmpKey();

    // ip ospf authentication-key [type] <x>; ip ospf message-digest-key N md5 [type] <x>.
    [GeneratedRegex(@"\b(?:authentication-key|message-digest-key[ \t]+[0-9]+[ \t]+md5)[ \t]+(?:[0-9][ \t]+)?(?<secret>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex IosOspfKey();

    // Authorization: Bearer <token> / Basic <b64> / Token <x>.
    [GeneratedRegex(@"\bAuthorization:[ \t]*(?:Bearer|Basic|Token)[ \t]+(?<secret>\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    // "password": "x" in JSON or YAML output.
    [GeneratedRegex(@"""?\b[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)""?[ \t]*:[ \t]*""(?<secret>[^""\r\n]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedJsonSecret();

    // password=x, PASSWORD="x", DB_PASSWD='x', api_key=x, client_secret=x, token=x (not PWD=, the working directory).
    [GeneratedRegex(@"\b[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)[ \t]*=[ \t]*(?:""(?<secret>[^""\r\n]*)""|'(?<secret>[^'\r\n]*)'|(?<secret>[^\s""';&]+))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentSecret();
}
