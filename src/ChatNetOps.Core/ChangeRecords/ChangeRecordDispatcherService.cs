namespace ChatNetOps.Core.ChangeRecords;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>Runs <see cref="ChangeRecordDispatcher"/> in a host: a catch-up at start, then a pass when woken, when the next event is due, or every poll interval.</summary>
public sealed class ChangeRecordDispatcherService(
    ChangeRecordDispatcher dispatcher,
    ChangeRecordSignal signal,
    IOptions<ChangeRecordOptions> options,
    TimeProvider time,
    ILogger<ChangeRecordDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await dispatcher.CatchUpAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.PassFailed(logger, e.GetType().Name);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = signal.Next;
            var wait = options.Value.PollInterval;
            try
            {
                if (await dispatcher.RunOnceAsync(stoppingToken) is { } next)
                {
                    var until = next - time.GetUtcNow();
                    wait = until < wait ? until : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.PassFailed(logger, e.GetType().Name);
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.WhenAny(woken, Task.Delay(wait, time, stoppingToken));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
