namespace ChatNetOps.Testing.Load;

using System.Diagnostics;
using System.Globalization;
using System.Net;

/// <summary>
/// The load tests' open-loop sender: request i is sent at start + i/rate whether or not earlier ones have answered,
/// and its latency counts from that scheduled time, not from when it went out (no coordinated omission: a stalled
/// host makes every request due meanwhile late). Anything but 200, a failed connection or a timeout is an error.
/// </summary>
public static class PacedLoad
{
    /// <summary>
    /// Sends <paramref name="count"/> requests made by <paramref name="create"/> (given the request's index) at
    /// <paramref name="rate"/> a second; <paramref name="answered"/>, when given, reads each 200 answer's body.
    /// </summary>
    public static async Task<PacedResult> RunAsync(HttpClient http, int rate, int count, Func<int, HttpRequestMessage> create, Action<string>? answered = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var latencies = new double[count];
        var errors = 0;
        var pending = new Task[count];
        var clock = Stopwatch.StartNew();
        var interval = Stopwatch.Frequency / (double)rate;
        var begin = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = begin + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            var index = i;
            pending[i] = Task.Run(async () =>
            {
                try
                {
                    using var request = create(index);
                    using var response = await http.SendAsync(request).ConfigureAwait(false);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    else if (answered is not null)
                    {
                        answered(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            });
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var sent = clock.Elapsed;
        Array.Sort(latencies);
        return new PacedResult(count, sent, Percentile(latencies, 0.50), Percentile(latencies, 0.99), count == 0 ? 0 : latencies[^1], errors);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>One paced phase: how many requests, how long sending them took, latency percentiles (ms) and errors.</summary>
public sealed record PacedResult(int Requests, TimeSpan Sent, double P50, double P99, double Max, int Errors)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Requests} requests in {Sent.TotalSeconds:F1} s ({Requests / Sent.TotalSeconds:F0}/s): p50 {P50:F2} ms, p99 {P99:F2} ms, max {Max:F2} ms, errors {Errors}");
}
