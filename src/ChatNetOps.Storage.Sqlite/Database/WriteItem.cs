namespace ChatNetOps.Storage.Sqlite.Database;

/// <summary>One caller's write waiting for the group-commit loop; its result is published only after COMMIT.</summary>
internal abstract class WriteItem
{
    public abstract bool IsCancelled { get; }

    /// <summary>Runs the work inside the open transaction and keeps its result until <see cref="Publish"/>.</summary>
    public abstract void Run(PooledConnection connection);

    public abstract void Publish();

    public abstract void Fail(Exception error);

    public abstract void Cancel();
}
