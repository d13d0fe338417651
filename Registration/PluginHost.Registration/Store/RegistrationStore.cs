using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace PluginHost.Registration.Store;

/// <summary>
/// Reads and changes registrations. Every change runs in one transaction and validates before it writes,
/// so a refused change leaves the database as it was.
/// </summary>
public sealed partial class RegistrationStore(RegistrationDatabase database)
{
    /// <summary>The database this store works on.</summary>
    public RegistrationDatabase Database { get; } = database;

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>A flag as stored: 0 or 1 on both backends (PostgreSQL would not take a boolean into its integer column).</summary>
    private static long Flag(bool value) => value ? 1 : 0;

    private static string? JoinList(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join(',', items);

    private T Read<T>(Func<IDbConnection, T> read)
    {
        using var connection = Database.OpenDbConnection();
        return read(connection);
    }

    /// <summary>Runs a change in one transaction that holds the registration write lock throughout (see <see cref="SqlDialect.BeginWrite"/>).</summary>
    private T Write<T>(Func<DbConnection, IDbTransaction, T> write)
    {
        using var connection = Database.OpenDbConnection();
        using var transaction = Database.Dialect.BeginWrite(connection);
        var result = write(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Finds one row by id or by a name that must match exactly one row.</summary>
    private static T FindOne<T>(IReadOnlyList<T> byId, IReadOnlyList<T> byName, string what, string key, Func<T, string> describe)
    {
        if (byId.Count == 1)
        {
            return byId[0];
        }

        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new RegistrationException($"no {what} has the id or name '{key}'"),
            _ => throw new RegistrationException(
                $"{byName.Count} {what}s are named '{key}' ({string.Join(", ", byName.Select(describe))}): use the id"),
        };
    }
}
