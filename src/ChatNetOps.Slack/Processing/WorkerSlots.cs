namespace ChatNetOps.Slack.Processing;

/// <summary>
/// The processing slots of <see cref="SlackWorkProcessor"/> (<see cref="SlackOptions.Concurrency"/> of them). Work holds
/// a slot while it computes or calls out, and gives it back while it only waits for a rate tier's pace
/// (<see cref="PaceAsync"/>): a channel at its pace never holds a slot that another channel's work could use.
/// </summary>
internal sealed class WorkerSlots(int count) : IDisposable
{
    private static readonly AsyncLocal<Slot?> Current = new();
    private readonly SemaphoreSlim _free = new(count, count);

    /// <summary>Slots nobody holds right now.</summary>
    public int Free => _free.CurrentCount;

    public void Dispose() => _free.Dispose();

    /// <summary>
    /// Waits for a free slot; the caller holds it until it disposes it (or hands it to <see cref="RunAsync"/>). Paced
    /// waits of its holder end when <paramref name="stopping"/> fires.
    /// </summary>
    public async Task<Slot> TakeAsync(CancellationToken stopping)
    {
        await _free.WaitAsync(stopping).ConfigureAwait(false);
        return new Slot(_free) { Stopping = stopping };
    }

    /// <summary>
    /// Runs <paramref name="work"/> as the holder of <paramref name="slot"/> (paced waits inside it give the slot back
    /// until they are over) and frees the slot when it ends.
    /// </summary>
    public static async Task RunAsync(Slot slot, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(work);

        // Set inside this async method, the slot flows into everything work awaits and never back to the caller.
        Current.Value = slot;
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
        }
    }

    /// <summary>
    /// Waits <paramref name="delay"/> for a rate tier's pace. Work running under <see cref="RunAsync"/> gives its slot
    /// back for the wait (and stops waiting when its slot's <see cref="Slot.Stopping"/> fires), then takes a slot again.
    /// </summary>
    public static async Task PaceAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        var slot = Current.Value;
        if (slot is null)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, slot.Stopping);
        var gaveBack = slot.GiveBack();
        await Task.Delay(delay, time, wait.Token).ConfigureAwait(false);
        if (gaveBack)
        {
            await slot.RetakeAsync(wait.Token).ConfigureAwait(false);
        }
    }

    /// <summary>One held slot.</summary>
    internal sealed class Slot(SemaphoreSlim pool) : IDisposable
    {
        private int _held = 1;

        /// <summary>Paced waits of the work holding this slot end (cancelled) when this fires: the host is stopping.</summary>
        public CancellationToken Stopping { get; init; }

        public bool Held => Volatile.Read(ref _held) == 1;

        /// <summary>Frees the slot for others; true when this call freed it.</summary>
        public bool GiveBack()
        {
            if (Interlocked.Exchange(ref _held, 0) != 1)
            {
                return false;
            }

            pool.Release();
            return true;
        }

        public async Task RetakeAsync(CancellationToken cancellationToken)
        {
            await pool.WaitAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _held, 1);
        }

        public void Dispose() => GiveBack();
    }
}
