namespace ChatNetOps.Core.Inventory;

/// <summary>
/// How devices reach the network: the jump host chains of <c>devices.yaml</c> and its per-group and per-site defaults.
/// Resolves the chain for any device, whether it comes from <c>devices.yaml</c> or from an inventory source.
/// </summary>
public sealed class JumpRoutes
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<JumpHost>?> _chains;
    private readonly IReadOnlyDictionary<string, string> _groupDefaults;
    private readonly IReadOnlyDictionary<string, string> _siteDefaults;

    /// <param name="chains">Every declared jump host's chain, first hop first; null for a jump host whose chain is broken.</param>
    public JumpRoutes(
        IReadOnlyDictionary<string, IReadOnlyList<JumpHost>?> chains,
        IReadOnlyDictionary<string, string> groupDefaults,
        IReadOnlyDictionary<string, string> siteDefaults)
    {
        _chains = chains;
        _groupDefaults = groupDefaults;
        _siteDefaults = siteDefaults;
    }

    public static JumpRoutes None { get; } = new(
        new Dictionary<string, IReadOnlyList<JumpHost>?>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>
    /// The chain that reaches a device: from its own <paramref name="via"/>, else its groups' default, else its site's,
    /// else direct (empty).
    /// </summary>
    public RouteResult Resolve(string device, IReadOnlyList<string> groups, string site, string? via)
    {
        string? name;
        if (via is not null)
        {
            name = via.Trim();
            if (IsDirect(name))
            {
                return new RouteResult([], null, false);
            }

            if (!_chains.ContainsKey(name))
            {
                return new RouteResult(null, $"via of device '{device}' names unknown jump host '{InputValidator.Printable(name)}'; declare it under jump_hosts or use via: direct", true);
            }
        }
        else
        {
            var fromGroups = groups
                .Where(_groupDefaults.ContainsKey)
                .Select(g => (Group: g, Via: _groupDefaults[g]))
                .ToList();
            var distinct = fromGroups.Select(g => g.Via).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count > 1)
            {
                return new RouteResult(null, $"device '{device}' is in groups with different default jump hosts ({string.Join(", ", fromGroups.Select(g => $"{g.Group}: {g.Via}"))}); set via: on the device", false);
            }

            name = distinct.Count == 1 ? distinct[0] : _siteDefaults.GetValueOrDefault(site);
            if (name is null || IsDirect(name))
            {
                return new RouteResult([], null, false);
            }
        }

        if (_chains.GetValueOrDefault(name) is not { } chain)
        {
            // Broken chains are reported where they are declared (devices.yaml); a device using one is not built.
            return new RouteResult(null, null, via is not null);
        }

        if (chain.FirstOrDefault(j => string.Equals(j.Name, device, StringComparison.OrdinalIgnoreCase)) is { } itself)
        {
            return new RouteResult(null, $"device '{device}' would be reached through jump host '{itself.Name}', which is the device itself; set via: direct on it", via is not null);
        }

        return new RouteResult(chain, null, false);
    }

    private static bool IsDirect(string name) => string.Equals(name, JumpHost.Direct, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A resolved chain (null when it cannot be used), and why not when there is something to say.</summary>
/// <param name="AtVia">The problem is in the device's own <c>via</c> (else in the device or its defaults).</param>
public sealed record RouteResult(IReadOnlyList<JumpHost>? Chain, string? Problem, bool AtVia);
