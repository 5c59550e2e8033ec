// OpenMPI's C interface. Its predefined handles (the world communicator,
// datatypes, reduction ops, the in-place marker) are macros over global
// objects, which Swift cannot import; these one-line functions hand them over.
#include <mpi.h>

static inline MPI_Comm book_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype book_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype book_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype book_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op book_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op book_mpi_max(void) { return MPI_MAX; }
static inline void *book_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Errhandler book_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Request book_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *book_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
