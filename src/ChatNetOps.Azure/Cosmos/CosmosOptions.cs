namespace ChatNetOps.Azure.Cosmos;

using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Cosmos;

/// <summary>Where the Cosmos DB stores live. Identity comes from Azure.Identity; <see cref="Key"/> is for emulators and tests only.</summary>
public sealed class CosmosOptions
{
    public const string SectionName = "Cosmos";

    /// <summary>The account endpoint, e.g. <c>https://contoso-chatnetops.documents.azure.com:443/</c>.</summary>
    [Required(ErrorMessage = "Cosmos:Endpoint is required when Storage:Provider is Cosmos: set it to the account endpoint, e.g. https://<account>.documents.azure.com:443/.")]
    public Uri? Endpoint { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Cosmos:Database is required: the database that holds the ChatNetOps containers (infra names it 'chatnetops').")]
    public string Database { get; set; } = "chatnetops";

    /// <summary>An account key, for the emulator and the local test server only. In Azure leave it empty and use managed identity.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// How the SDK reaches the account: <see cref="ConnectionMode.Direct"/> (the default; TCP to the replicas, what Azure
    /// recommends for throughput) or <see cref="ConnectionMode.Gateway"/> (HTTPS to the endpoint only: the Linux emulator,
    /// the test server, or a network that allows only port 443). Independent of <see cref="AcceptAnyServerCertificate"/>.
    /// </summary>
    [EnumDataType(typeof(ConnectionMode), ErrorMessage = "Cosmos:ConnectionMode must be Direct or Gateway.")]
    public ConnectionMode ConnectionMode { get; set; } = ConnectionMode.Direct;

    /// <summary>
    /// Sends every request to <see cref="Endpoint"/> instead of the regional endpoints the account lists (an emulator in a
    /// container lists an address the host cannot reach). Leave off in Azure: it disables regional failover.
    /// </summary>
    public bool LimitToEndpoint { get; set; }

    /// <summary>Skips TLS certificate validation, in either connection mode. Tests only; a warning is logged. Trust the
    /// server's certificate instead wherever you can.</summary>
    public bool AcceptAnyServerCertificate { get; set; }

    /// <summary>Create the database and containers when they are missing (infra creates them in Azure; tests need this).</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>Throughput for a database the stores create themselves; null for serverless accounts.</summary>
    [Range(400, 1_000_000, ErrorMessage = "Cosmos:DatabaseThroughput must be between 400 and 1,000,000 RU/s, or unset for serverless accounts.")]
    public int? DatabaseThroughput { get; set; }

    /// <summary>How long a device-lock document outlives its lease before Cosmos TTL deletes it (a safety net only).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Cosmos:LockTtlGrace must be between 1 minute and 30 days.")]
    public TimeSpan LockTtlGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retries of 429 (rate limited) responses, each after the server's x-ms-retry-after-ms.</summary>
    [Range(0, 100, ErrorMessage = "Cosmos:MaxRateLimitRetries must be between 0 and 100.")]
    public int MaxRateLimitRetries { get; set; } = 9;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Cosmos:MaxRateLimitWait must be between 1 second and 10 minutes.")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);
}
