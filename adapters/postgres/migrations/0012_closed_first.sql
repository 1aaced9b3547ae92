-- Statistics read a period's closed cases by closing time, then the
-- reader's reach (Find fences the closing-time range first): the index by
-- region and closing time served nothing else, and every save that
-- changed a case's indexed columns wrote an entry into it.
DROP INDEX cases_region_closed;
