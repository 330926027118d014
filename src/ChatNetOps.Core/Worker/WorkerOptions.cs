namespace ChatNetOps.Core.Worker;

using System.ComponentModel.DataAnnotations;

/// <summary>How a worker consumes the job queue. Bound from the <c>Worker</c> configuration section.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Name recorded on requests this worker runs; defaults to host name and process id.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Jobs this worker runs at once (on Service Bus, the processor's MaxConcurrentCalls).</summary>
    [Range(1, 256)]
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>Peek-lock duration of a received job on a polling queue (SQLite); renewed while the job runs. Service Bus uses the entity's.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00")]
    public TimeSpan JobLockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one receive call of a polling queue (SQLite) waits for a job.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often expired approvals and abandoned runs are swept.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    public string EffectiveWorkerId => WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}";
}
