namespace ChatNetOps.Azure.ServiceBus;

using System.ComponentModel.DataAnnotations;

/// <summary>The Service Bus namespace and queues the job and result queues use, over the REST data plane.</summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    /// <summary>The namespace endpoint, e.g. <c>https://contoso.servicebus.windows.net/</c>. http is accepted only for 127.0.0.1/localhost (tests).</summary>
    [Required(ErrorMessage = "ServiceBus:Endpoint is required when Queue:Provider is ServiceBus: set it to https://<namespace>.servicebus.windows.net/.")]
    public Uri? Endpoint { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "ServiceBus:JobsQueue is required (infra names it 'jobs').")]
    public string JobsQueue { get; set; } = "jobs";

    [Required(AllowEmptyStrings = false, ErrorMessage = "ServiceBus:ResultsQueue is required (infra names it 'results').")]
    public string ResultsQueue { get; set; } = "results";

    /// <summary>Shared access policy name, for SAS authorization (for completeness; Entra ID is the default).</summary>
    public string? SasKeyName { get; set; }

    /// <summary>Shared access key, with <see cref="SasKeyName"/>. Never logged.</summary>
    public string? SasKey { get; set; }

    /// <summary>
    /// The queues' lockDuration (infra: PT1M). Service Bus locks for the entity's lock duration whatever a receiver
    /// asks; this is used only to report a renewed lock's expiry when the broker does not say.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00", ErrorMessage = "ServiceBus:LockDuration must be between 5 seconds and 5 minutes (the Service Bus limits).")]
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The queues' maxDeliveryCount (infra: 10). Documentation only: the broker enforces it, and the stand-in is configured with it.</summary>
    [Range(1, 2000, ErrorMessage = "ServiceBus:MaxDeliveryCount must be between 1 and 2000.")]
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>The longest single long poll (<c>timeout</c> of a peek-lock receive); longer waits poll again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:04:00", ErrorMessage = "ServiceBus:MaxPollTimeout must be between 1 second and 4 minutes.")]
    public TimeSpan MaxPollTimeout { get; set; } = TimeSpan.FromSeconds(55);

    /// <summary>True when the endpoint is https, or http on a loopback address (the local stand-in).</summary>
    internal static bool IsAllowedEndpoint(Uri? endpoint) =>
        endpoint is { IsAbsoluteUri: true }
        && (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback));

    internal bool HasSas => !string.IsNullOrEmpty(SasKeyName) && !string.IsNullOrEmpty(SasKey);
}
