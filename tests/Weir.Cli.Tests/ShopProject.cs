namespace Weir.Cli.Tests;

/// <summary>A small project written file by file, as a user would from the README.</summary>
internal static class ShopProject
{
    public static void Write(TempFolder folder, string? ordersModelSql = null)
    {
        folder.Write("weir.yaml", """
            name: shop
            run:
              threads: 2
            """);
        folder.Write("data/orders/2026-01.csv", """
            order_id,customer,Order Date,amount,status
            1,alice,2026-01-03,10.50,paid
            2,bob,2026-01-04,20.00,paid
            3,alice,2026-01-04,5.25,refunded
            """);
        folder.Write("data/orders/2026-02.csv", """
            order_id,customer,Order Date,amount,status
            4,carol,2026-02-01,7.00,paid
            5,bob,2026-02-02,12.75,pending
            """);
        folder.Write("seeds/customers.csv", """
            customer,segment
            alice,retail
            bob,wholesale
            carol,retail
            """);
        folder.Write("sources/shop.yaml", """
            sources:
              - name: raw_orders
                kind: csv
                path: data/orders/*.csv
                columns:
                  - name: order_id
                    checks: [not_null, unique]
                  - name: amount
                    type: DECIMAL(10,2)
                  - name: status
                    checks:
                      - accepted_values: { values: [paid, refunded], severity: warn }
            """);
        folder.Write("models/orders.sql", ordersModelSql ?? """
            select order_id, customer, "Order Date" as order_date, amount, status
            from raw_orders
            where status <> 'refunded'
            """);
        folder.Write("models/revenue_by_segment.sql", """
            with joined as (
                select c.segment, o.amount
                from orders as o
                join customers as c using (customer)
            )
            select segment, sum(amount) as revenue, count(*) as orders
            from joined
            group by segment
            """);
        folder.Write("models/models.yaml", """
            models:
              - name: orders
                tags: [core]
                columns:
                  - name: customer
                    checks:
                      - relationships: { to: customers, field: customer }
              - name: revenue_by_segment
                checks:
                  - row_count: { min: 1, max: 10 }
            """);
    }
}
