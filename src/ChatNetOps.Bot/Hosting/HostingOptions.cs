namespace ChatNetOps.Bot.Hosting;

/// <summary>Which backend implementations the host composes. Nothing configured means the embedded default.</summary>
internal static class HostingOptions
{
    public const string StorageProviderKey = "Storage:Provider";
    public const string QueueProviderKey = "Queue:Provider";
    public const string EmbeddedWorkerKey = "Worker:Embedded";
    public const string Sqlite = "Sqlite";
}
