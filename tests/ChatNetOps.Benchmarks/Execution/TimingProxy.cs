namespace ChatNetOps.Benchmarks.Execution;

using System.Diagnostics;
using System.Reflection;

/// <summary>
/// Wraps a registered port (IAuditLog, IOutputStore, ...) in a <see cref="DispatchProxy"/> that times every call until
/// its task completes, so the benchmark can say which store a fan-out run waits on without touching Core.
/// </summary>
public class TimingProxy<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;
    private CallStats _stats = null!;

    /// <summary>Wraps <paramref name="inner"/> so every call is recorded in <paramref name="stats"/>.</summary>
    internal static T Wrap(T inner, CallStats stats)
    {
        var proxy = Create<T, TimingProxy<T>>();
        var timing = (TimingProxy<T>)(object)proxy;
        timing._inner = inner;
        timing._stats = stats;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }

        var name = typeof(T).Name + "." + targetMethod.Name;
        if (result is Task task)
        {
            task.ContinueWith(_ => _stats.Record(name, Stopwatch.GetElapsedTime(started)), TaskScheduler.Default);
        }
        else
        {
            _stats.Record(name, Stopwatch.GetElapsedTime(started));
        }

        return result;
    }
}
