namespace ChatNetOps.Inventory.NetBox;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// A NetBox or Nautobot inventory source. Bound from <c>Inventory:Source:NetBox</c> or <c>Inventory:Source:Nautobot</c>
/// (one of them); see docs/inventory.md for every key.
/// </summary>
public sealed class SourceOptions
{
    public const string NetBoxSection = "Inventory:Source:NetBox";
    public const string NautobotSection = "Inventory:Source:Nautobot";

    /// <summary>The site root, e.g. <c>https://netbox.example.com</c> (the API is under <c>/api/</c>).</summary>
    [Required]
    public string Url { get; set; } = string.Empty;

    /// <summary>
    /// An API token: a NetBox v2 token (<c>nbt_&lt;key&gt;.&lt;token&gt;</c>) is sent as <c>Authorization: Bearer …</c>,
    /// any other (NetBox v1, Nautobot) as <c>Authorization: Token …</c>. Read-only permission on devices is enough.
    /// </summary>
    [Required]
    public string Token { get; set; } = string.Empty;

    /// <summary>Only devices with any of these tags (slugs; Nautobot: names).</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Only devices with any of these roles (slugs; Nautobot: names).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Only devices at any of these sites (NetBox site slugs; Nautobot location names).</summary>
    public List<string> Sites { get; set; } = [];

    /// <summary>Only devices with this status (NetBox value; Nautobot name, the default sent as <c>Active</c>); others cannot be targeted.</summary>
    [Required]
    public string Status { get; set; } = "active";

    /// <summary>Devices per page (the API's maximum is 1000).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>A listing with more pages than this is refused (a looping or hostile <c>next</c> link).</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 500;

    /// <summary>A listing with more devices than this is refused.</summary>
    [Range(1, 10_000_000)]
    public int MaxDevices { get; set; } = 100_000;

    /// <summary>Largest page body accepted.</summary>
    [Range(1024, 1_073_741_824)]
    public long MaxPageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Time allowed for each page.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Read each device's interface descriptions (<c>GET /api/dcim/interfaces/?device_id=…</c>; Nautobot <c>?device=…</c>),
    /// shown on approval cards that name an interface. A failure keeps the descriptions last read.
    /// </summary>
    public bool InterfaceDescriptions { get; set; } = true;

    /// <summary>How long a device's interface descriptions are kept before they are read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan InterfaceRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Devices per interface query (their ids are sent as repeated filter values).</summary>
    [Range(1, 200)]
    public int InterfaceBatch { get; set; } = 50;

    /// <summary>
    /// The source's platform (NetBox slug; Nautobot network driver or name) → <c>fortios</c>, <c>cisco_ios</c>,
    /// <c>cisco_nxos</c> or <c>linux</c>. Added to the built-in map; a name that is already ours (with <c>-</c> or <c>_</c>) needs no entry.
    /// </summary>
    public Dictionary<string, string> PlatformMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which custom fields hold the values devices.yaml has keys for.</summary>
    public CustomFieldNames CustomFields { get; set; } = new();

    /// <summary>The credential name for devices without the credential custom field; none means such devices are left out.</summary>
    public string? DefaultCredentialRef { get; set; }

    /// <summary>The transport for devices without the transport custom field.</summary>
    public string DefaultTransport { get; set; } = "ssh";

    /// <summary>The session limit for devices without the session limit custom field.</summary>
    [Range(1, 1000)]
    public int DefaultSessionLimit { get; set; } = 1;

    /// <summary>Names of the custom fields read (NetBox and Nautobot custom fields are plain <c>{name: value}</c>).</summary>
    public sealed class CustomFieldNames
    {
        public string CredentialRef { get; set; } = "chatnetops_credential_ref";

        public string HostKeyFingerprint { get; set; } = "chatnetops_host_key_fingerprint";

        public string Transport { get; set; } = "chatnetops_transport";

        public string Via { get; set; } = "chatnetops_via";

        public string SessionLimit { get; set; } = "chatnetops_session_limit";

        public string Port { get; set; } = "chatnetops_port";

        public string ServiceNowCi { get; set; } = "chatnetops_servicenow_ci";
    }
}
