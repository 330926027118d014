namespace ChatNetOps.ServiceBusBroker;

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Amqp;

/// <summary>
/// The <c>$cbs</c> node: the SDK puts a token before opening every link (Azure.Messaging.ServiceBus
/// src/Amqp/AmqpConnectionScope.cs RequestAuthorizationUsingCbsAsync; azure-amqp src/Cbs/AmqpCbsLink.cs): application
/// properties operation=put-token, type (<c>servicebus.windows.net:sastoken</c> for SAS, <c>jwt</c> for Entra ID),
/// name = the audience (the entity's URI), body = the token. A SAS token
/// (learn.microsoft.com/azure/service-bus-messaging/service-bus-sas) is accepted when its key name is known, its
/// HMAC-SHA256 signature over <c>urlencode(sr) + "\n" + se</c> matches that key, it has not expired, and its resource
/// covers the audience; a JWT only when it equals the one the test configured. Granted audiences are kept per
/// connection and checked when a link attaches. Answers status-code 200, or 401 naming what was wrong.
/// </summary>
internal sealed class CbsAuthorizer(IReadOnlyDictionary<string, string> keys, Func<string?> acceptedJwt, TimeProvider time)
{
    public const string SasTokenType = "servicebus.windows.net:sastoken";

    public AmqpMessage PutToken(AmqpLink link, AmqpMessage request)
    {
        var properties = request.ApplicationProperties.Map;
        var operation = properties["operation"] as string;
        var type = properties["type"] as string;
        var audience = properties["name"] as string;
        var token = request.ValueBody?.Value as string;
        if (operation != "put-token" || audience is null || token is null)
        {
            return Status(400, "Expected operation put-token with a name and a token body.");
        }

        var problem = type switch
        {
            SasTokenType => CheckSas(token, audience, out var expires) ?? Grant(link, audience, expires),
            "jwt" => acceptedJwt() is { } jwt && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(jwt), Encoding.UTF8.GetBytes(token))
                ? Grant(link, audience, properties["expiration"] is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : time.GetUtcNow().AddHours(1))
                : "The JWT was not issued for this broker.",
            _ => $"Token type '{type}' is not supported.",
        };
        return problem is null ? Status(200, "OK") : Status(401, problem);
    }

    /// <summary>True when the connection holds an unexpired grant for <paramref name="entityPath"/> or a parent of it.</summary>
    public bool IsAuthorized(AmqpConnection connection, string entityPath)
    {
        var grants = connection.Extensions.Find<Grants>();
        if (grants is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        lock (grants)
        {
            return grants.Audiences.Any(g => g.Value > now && (entityPath.Equals(g.Key, StringComparison.OrdinalIgnoreCase)
                || g.Key.Length == 0
                || entityPath.StartsWith(g.Key + "/", StringComparison.OrdinalIgnoreCase)));
        }
    }

    private static AmqpMessage Status(int code, string description)
    {
        var response = AmqpMessage.Create();
        response.ApplicationProperties.Map["status-code"] = code;
        response.ApplicationProperties.Map["status-description"] = description;
        return response;
    }

    private static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.AbsolutePath.Trim('/') : uri.Trim('/');

    private string? Grant(AmqpLink link, string audience, DateTimeOffset expires)
    {
        var grants = link.Session.Connection.Extensions.Find<Grants>();
        if (grants is null)
        {
            grants = new Grants();
            link.Session.Connection.Extensions.Add(grants);
        }

        lock (grants)
        {
            grants.Audiences[PathOf(audience)] = expires;
        }

        return null;
    }

    private string? CheckSas(string token, string audience, out DateTimeOffset expires)
    {
        expires = default;
        const string prefix = "SharedAccessSignature ";
        if (!token.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "Not a SharedAccessSignature token.";
        }

        var fields = token[prefix.Length..].Split('&')
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var encodedResource) || !fields.TryGetValue("sig", out var signature)
            || !fields.TryGetValue("se", out var expiry) || !fields.TryGetValue("skn", out var keyName))
        {
            return "The SAS token lacks sr, sig, se or skn.";
        }

        if (!keys.TryGetValue(WebUtility.UrlDecode(keyName), out var key))
        {
            return $"Unknown shared access key name '{WebUtility.UrlDecode(keyName)}'.";
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry));
        byte[] actual;
        try
        {
            actual = Convert.FromBase64String(WebUtility.UrlDecode(signature));
        }
        catch (FormatException)
        {
            return "The SAS signature is not base64.";
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return "The SAS signature does not match the key.";
        }

        if (!long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || DateTimeOffset.FromUnixTimeSeconds(seconds) <= time.GetUtcNow())
        {
            return "The SAS token has expired.";
        }

        var resource = new Uri(WebUtility.UrlDecode(encodedResource), UriKind.Absolute);
        var target = new Uri(audience, UriKind.Absolute);
        var resourcePath = resource.AbsolutePath.Trim('/');
        var targetPath = target.AbsolutePath.Trim('/');
        if (!resource.Host.Equals(target.Host, StringComparison.OrdinalIgnoreCase)
            || !(resourcePath.Length == 0 || targetPath.Equals(resourcePath, StringComparison.OrdinalIgnoreCase) || targetPath.StartsWith(resourcePath + "/", StringComparison.OrdinalIgnoreCase)))
        {
            return $"The SAS token for '{resource}' does not cover '{audience}'.";
        }

        expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return null;
    }

    /// <summary>Audiences (entity paths) this connection put a token for, with their expiry.</summary>
    private sealed class Grants
    {
        public Dictionary<string, DateTimeOffset> Audiences { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
