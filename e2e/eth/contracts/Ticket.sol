// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title Ticket
/// @notice The seed's example: a cinema sells a fixed number of tickets at a
/// fixed price. Buying n tickets takes exactly price * n wei from the buyer,
/// credits the buyer with n tickets, pays the cinema at once and decrements
/// the tickets left.
contract Ticket {
    address payable public immutable cinema;
    uint256 public immutable price;
    uint256 public ticketsLeft;
    mapping(address => uint256) public ticketsOf;

    event TicketBought(address indexed buyer, uint256 count, uint256 paid, uint256 left);

    constructor(address payable cinema_, uint256 price_, uint256 supply_) {
        cinema = cinema_;
        price = price_;
        ticketsLeft = supply_;
    }

    /// @notice buy takes n tickets for exactly price * n wei.
    function buy(uint256 n) external payable {
        require(n > 0 && n <= ticketsLeft, "sold out");
        require(msg.value == price * n, "wrong payment");
        ticketsLeft -= n;
        ticketsOf[msg.sender] += n;
        (bool ok, ) = cinema.call{value: msg.value}("");
        require(ok, "payment to cinema failed");
        emit TicketBought(msg.sender, n, msg.value, ticketsLeft);
    }
}
