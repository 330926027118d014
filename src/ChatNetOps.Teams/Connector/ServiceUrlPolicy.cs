namespace ChatNetOps.Teams.Connector;

using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Which serviceUrls may ever receive the bot's Connector token: https on the default port at one of the Bot Framework
/// service hosts of Teams (<see cref="DefaultHosts"/>, or <see cref="TeamsOptions.ServiceUrlHosts"/> when set), and
/// a loopback URL (http or https) only when the host runs in Development, for the Agents Playground and tests. A
/// token that names any other serviceUrl is refused inbound, and such a URL is never called outbound.
/// </summary>
internal sealed class ServiceUrlPolicy(IOptions<TeamsOptions> options, IHostEnvironment environment)
{
    /// <summary>
    /// The Teams service hosts: the public cloud, GCC, GCC High and DoD (the well-known endpoints of
    /// <c>TeamsProactiveServiceEndpoints</c> in the Microsoft 365 Agents SDK).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultHosts =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    private readonly HashSet<string> _hosts = (options.Value.ServiceUrlHosts.Any(h => !string.IsNullOrWhiteSpace(h))
            ? options.Value.ServiceUrlHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim())
            : DefaultHosts)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private readonly bool _development = environment.IsDevelopment();

    /// <summary>Null when the bot may send its token to <paramref name="serviceUrl"/>; otherwise the refusal reason.</summary>
    public string? Check(string? serviceUrl)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl) || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var url))
        {
            return "serviceurl-malformed";
        }

        return Check(url);
    }

    public string? Check(Uri url)
    {
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "serviceurl-malformed";
        }

        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return "serviceurl-not-https";
        }

        if (url.IsLoopback)
        {
            return _development ? null : "serviceurl-loopback-outside-development";
        }

        if (url.Scheme != Uri.UriSchemeHttps || !url.IsDefaultPort)
        {
            return "serviceurl-not-https";
        }

        return _hosts.Contains(url.IdnHost) ? null : "serviceurl-host-not-allowed";
    }

    public bool IsAllowed(Uri url) => Check(url) is null;
}
