using System.Data.Common;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// The one database transaction of a top-level operation, shared by every nested operation it starts. A failure
/// anywhere inside dooms it: even if a plug-in catches the error of a nested call, nothing the operation did commits.
/// </summary>
internal sealed class OperationTransaction : IDisposable
{
    private readonly IDisposable _writeLock;
    private readonly List<Action> _afterCommit = [];
    private bool _completed;
    private int _savepoints;

    /// <summary>
    /// Owns <paramref name="connection"/>, its write <paramref name="transaction"/> (begun the backend's way: see
    /// <see cref="Storage.HostDatabase.BeginOperation"/>) and <paramref name="writeLock"/>, all released when it ends.
    /// </summary>
    public OperationTransaction(DbConnection connection, DbTransaction transaction, IDisposable writeLock)
    {
        _writeLock = writeLock;
        Connection = connection;
        Transaction = transaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>Set when any operation inside failed; the top-level operation then fails too.</summary>
    public Exception? DoomedBy { get; private set; }

    public void Doom(Exception cause) => DoomedBy ??= cause;

    /// <summary>
    /// Runs <paramref name="action"/> in a savepoint. When it fails with a <see cref="PipelineException"/>, what it did
    /// is undone and the doom it caused lifted (it is undone, so the rest of the operation may still commit); the error
    /// is returned. Null when it succeeded.
    /// </summary>
    public PipelineException? TryInSavepoint(Action action)
    {
        var name = $"batch_item_{++_savepoints}";
        var doomedBefore = DoomedBy;
        Transaction.Save(name);
        try
        {
            action();
            Transaction.Release(name);
            return null;
        }
        catch (PipelineException exception) when (!ErrorCodes.FailsWholeOperation(exception.Code))
        {
            Transaction.Rollback(name);
            Transaction.Release(name);
            DoomedBy = doomedBefore;
            return exception;
        }
    }

    /// <summary>Runs <paramref name="action"/> once the transaction has committed (e.g. wake the job runner).</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    public void Commit()
    {
        Transaction.Commit();
        _completed = true;
        Release();
        foreach (var action in _afterCommit)
        {
            action();
        }
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            try
            {
                Transaction.Rollback();
            }
            finally
            {
                Release();
            }
        }
    }

    private void Release()
    {
        Transaction.Dispose();
        Connection.Dispose();
        _writeLock.Dispose();
    }
}
